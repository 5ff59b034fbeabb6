import { resourcesWritten, type ResourceReport } from './summary.js'

export function resourcesMarkdown(rows: readonly ResourceReport[]): string[] {
  if (rows.length === 0) return []
  const lines = [
    `### Resources (${resourcesWritten(rows)} of ${rows.length} written)`,
    '',
    '| Resource | Records | Added | Updated | Deleted | Object |',
    '|---|---:|---:|---:|---:|---|'
  ]
  for (const row of rows) {
    const status = row.status === 'not-refreshed' ? 'not refreshed' : row.status
    const records = row.status === 'not-refreshed' ? '–' : String(row.records)
    lines.push(
      `| ${row.resource} | ${records} | ${row.added} | ${row.updated} | ${row.deleted} | \`${row.key}\` (${status}) |`
    )
  }
  lines.push('')
  return lines
}

/** Only the resources that changed or failed. */
export function resourcesText(rows: readonly ResourceReport[]): string[] {
  return rows
    .filter((row) => row.status !== 'unchanged')
    .map((row) =>
      row.status === 'not-refreshed'
        ? `  ${row.resource}: not refreshed (${row.key} untouched)`
        : `  ${row.resource}  ${row.records} records  +${row.added} ~${row.updated} -${row.deleted}  ${row.key}`
    )
}

export function resourcesJson(rows: readonly ResourceReport[]): Array<Record<string, unknown>> {
  return rows.map((row) => ({ ...row }))
}
