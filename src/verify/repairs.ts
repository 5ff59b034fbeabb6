import { addDays, lastDayOfMonth } from '../util/calendar.js'
import type { Finding } from './findings.js'
import type { MonthCount } from './harvest-counts.js'

/** What brings the archive back to whole, for a face to spell as its command. */
export type Repair =
  /** `tables`: the archive keeps tables, so the backfill must run with them to rebuild them. */
  | { kind: 'backfill'; from: string; to: string; tables?: true }
  | { kind: 'restore'; keys: string[] }
  | { kind: 'export'; resources: string[] }

/** A backfill window's longest span in months, under the window limit of 3,661 days. */
const MAX_MONTHS = 120

/**
 * Decides each finding's repair and gathers them: months with findings are backfilled in as
 * few windows as adjacent months allow, clipped to the archive's range. Where Harvest no
 * longer has a month's entries (it counts none there while the archive holds some), a
 * backfill would empty those days instead: their objects must be restored from S3 versioning
 * (and that month's count difference alone needs no repair).
 */
export function planRepairs(
  findings: Finding[],
  range: { from: string; to: string } | undefined,
  months: ReadonlyMap<string, MonthCount>,
  stateCount: (month: string) => number,
  tables = false
): Repair[] {
  const gone = (month: string): boolean => {
    const count = months.get(month)
    return count?.harvest === 0 && (count.archive > 0 || stateCount(month) > 0)
  }
  const backfill = new Set<string>()
  const restore = new Set<string>()
  const resources = new Set<string>()
  for (const finding of findings) {
    // The archive keeps what Harvest lost: nothing to repair, only to know.
    if (finding.problem.kind === 'harvest-count' && finding.months.some(gone)) continue
    if (finding.restore || finding.months.some(gone)) {
      finding.restore = true
      restore.add(finding.problem.key)
      continue
    }
    for (const month of finding.months) backfill.add(month)
    for (const resource of finding.resources ?? []) resources.add(resource)
  }
  // Runs of adjacent months, each at most MAX_MONTHS long.
  const runs: string[][] = []
  for (const month of [...backfill].sort()) {
    const run = runs.at(-1)
    const last = run?.at(-1)
    const next = last && addDays(lastDayOfMonth(last), 1).slice(0, 7)
    if (run && month === next && run.length < MAX_MONTHS) run.push(month)
    else runs.push([month])
  }
  const repairs: Repair[] = runs.map((run) => {
    let from = `${run[0]}-01`
    let to = lastDayOfMonth(run[run.length - 1])
    if (range && from < range.from && range.from <= to) from = range.from
    if (range && to > range.to && range.to >= from) to = range.to
    return { kind: 'backfill', from, to, ...(tables && { tables: true as const }) }
  })
  if (resources.size > 0) repairs.push({ kind: 'export', resources: [...resources] })
  if (restore.size > 0) repairs.push({ kind: 'restore', keys: [...restore].sort() })
  return repairs
}
