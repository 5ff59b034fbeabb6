import type { VerifyResult } from '../run-verify.js'
import type { Repair } from '../verify/repairs.js'

/** How a face words the runs that repair, as its own commands. */
export interface RepairSpelling {
  /** `tables`: the backfill must also build the tables (the archive keeps them). */
  backfill(from: string, to: string, tables: boolean): string
  export(resources: string[]): string
}

export function repairLines(repairs: readonly Repair[], spelling: RepairSpelling): string[] {
  return repairs.map((repair) => {
    switch (repair.kind) {
      case 'backfill':
        return spelling.backfill(repair.from, repair.to, repair.tables === true)
      case 'export':
        return spelling.export(repair.resources)
      case 'restore':
        return `restore the object from S3 versioning (Harvest no longer has its entries): ${repair.keys.join(', ')}`
    }
  })
}

export function verifyHeadline(result: VerifyResult): string {
  const span = result.from && result.to ? `, ${result.from}..${result.to}` : ''
  const checked = `${result.daysChecked} day files (${result.entries} entries${span}), ${result.harvestRequests} Harvest requests`
  const count = result.problems.length
  return count === 0
    ? `Verified ${checked}: the archive is whole.`
    : `Verified ${checked}: ${count} ${count === 1 ? 'problem' : 'problems'}.`
}

export function verifyText(result: VerifyResult, spelling: RepairSpelling): string {
  const lines = [verifyHeadline(result)]
  if (result.problems.length > 0) {
    const rows = [
      ['kind', 'key or month', 'detail'],
      ...result.problems.map((p) => [p.kind, p.key, p.detail])
    ]
    const widths = [0, 1].map((column) => Math.max(...rows.map((row) => row[column].length)))
    lines.push(
      '',
      ...rows.map((row) => `${row[0].padEnd(widths[0])}  ${row[1].padEnd(widths[1])}  ${row[2]}`)
    )
  }
  const repairs = repairLines(result.repairs, spelling)
  if (repairs.length > 0) lines.push('', 'Repair:', ...repairs.map((line) => `  ${line}`))
  return lines.join('\n')
}

const cell = (text: string): string => text.replaceAll('|', '\\|').replaceAll('\n', ' ')

export function verifyMarkdown(result: VerifyResult, spelling: RepairSpelling): string {
  const lines = ['## Harvest archive verify', '', verifyHeadline(result), '']
  if (result.problems.length > 0) {
    lines.push('| Kind | Key or month | Detail |', '|---|---|---|')
    for (const p of result.problems)
      lines.push(`| ${cell(p.kind)} | \`${cell(p.key)}\` | ${cell(p.detail)} |`)
    lines.push('')
  }
  const repairs = repairLines(result.repairs, spelling)
  if (repairs.length > 0) lines.push('### Repair', '', ...repairs.map((line) => `- ${line}`), '')
  return lines.join('\n')
}

/** `--json` and the Lambda result: snake_case, as the export's summary. */
export function verifyJson(
  result: VerifyResult,
  spelling: RepairSpelling
): Record<string, unknown> {
  return {
    problems: result.problems.map(({ kind, key, detail }) => ({ kind, key, detail })),
    days_checked: result.daysChecked,
    entries: result.entries,
    ...(result.from && { from: result.from, to: result.to }),
    harvest_requests: result.harvestRequests,
    repairs: repairLines(result.repairs, spelling)
  }
}

export function verifyOutputs(result: Pick<VerifyResult, 'problems' | 'daysChecked'>) {
  return {
    'verify-problems': String(result.problems.length),
    'verified-days': String(result.daysChecked)
  }
}
