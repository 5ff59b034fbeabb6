import { closedChangesText } from './closed-changes.js'
import { dayTextLines } from './day-lines.js'
import { lateChangesText } from './late-changes.js'
import { changedDays, daysLeft, type ExportSummary, type ResourceReport } from './summary.js'

/** The summary as plain text for a terminal or a log. */
export function summaryText(summary: ExportSummary): string {
  const left = daysLeft(summary.days)
  const lines = [
    `${summary.dryRun ? 'Dry run (nothing written): ' : ''}window ${summary.windowFrom}..${summary.windowTo} (${summary.days.length} days) -> ${summary.location}`,
    `entries ${summary.entries}; days written ${summary.daysWritten}, unchanged ${left.unchanged}, without entries ${left.withoutEntries}, emptied ${summary.daysEmptied}; ` +
      `entries added ${summary.added}, updated ${summary.updated}, deleted ${summary.deleted}; Harvest requests ${summary.harvestRequests}` +
      (summary.resources.length > 0
        ? `; resource objects written ${summary.resourcesWritten} of ${summary.resources.length}`
        : '')
  ]
  lines.push(...dayTextLines(changedDays(summary.days), 'changed days'))
  lines.push(...resourcesText(summary.resources))
  // A count only: each table's key is listed below among the objects written.
  if (summary.tables)
    lines.push(
      `tables ${summary.dryRun ? 'that would be written' : 'written'}: ${summary.tables.length}`
    )
  lines.push(...lateChangesText(summary.late), ...closedChangesText(summary.closedChanges))
  const dayKeys = new Set(
    [...summary.days, ...(summary.late?.days ?? []), ...summary.resources].map((row) => row.key)
  )
  const other = summary.objectsWritten.filter((key) => !dayKeys.has(key))
  for (const key of other) lines.push(`  ${summary.dryRun ? 'would write' : 'wrote'} ${key}`)
  return lines.join('\n')
}

/** Only the resources that changed or failed. */
function resourcesText(rows: readonly ResourceReport[]): string[] {
  return rows
    .filter((row) => row.status !== 'unchanged')
    .map((row) =>
      row.status === 'not-refreshed'
        ? `  ${row.resource}: not refreshed (${row.key} untouched)`
        : `  ${row.resource}  ${row.records} records  +${row.added} ~${row.updated} -${row.deleted}  ${row.key}`
    )
}
