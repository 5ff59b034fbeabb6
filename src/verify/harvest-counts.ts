import { lastDayOfMonth } from '../util/calendar.js'
import { finding, type Finding } from './findings.js'

/** Harvest's count of time entries with a spent date in `from..to` (a `per_page=1` probe). */
export interface EntryCounter {
  countEntries(from: string, to: string, signal?: AbortSignal): Promise<number>
}

/** Harvest's count and the archive's for one month (`YYYY-MM`). */
export type MonthCount = Record<'harvest' | 'archive', number>

/**
 * Harvest's counts against the archive's over `range`: one probe per year, then one per month
 * inside a year that differs; a month that differs is a finding naming both counts. `also`
 * are months whose counts are wanted anyway (where damaged files sit, to tell whether Harvest
 * still has their data); each month is probed at most once. Returns the months counted.
 */
export async function compareWithHarvest(
  counter: EntryCounter,
  range: { from: string; to: string },
  archiveCount: (from: string, to: string) => number,
  also: ReadonlySet<string>
): Promise<{ findings: Finding[]; months: Map<string, MonthCount> }> {
  const findings: Finding[] = []
  const months = new Map<string, MonthCount>()
  // Both counts of `from..to` clipped to the archive's range.
  const count = async (from: string, to: string): Promise<MonthCount> => {
    const span = { from: from < range.from ? range.from : from, to: to > range.to ? range.to : to }
    const harvest = await counter.countEntries(span.from, span.to)
    return { harvest, archive: archiveCount(span.from, span.to) }
  }
  for (let year = Number(range.from.slice(0, 4)); year <= Number(range.to.slice(0, 4)); year++) {
    const whole = await count(`${year}-01-01`, `${year}-12-31`)
    for (let number = 1; number <= 12; number++) {
      const month = `${year}-${String(number).padStart(2, '0')}`
      const inRange = `${month}-01` <= range.to && lastDayOfMonth(month) >= range.from
      if (!inRange || (whole.harvest === whole.archive && !also.has(month))) continue
      const counted = await count(`${month}-01`, lastDayOfMonth(month))
      months.set(month, counted)
      if (counted.harvest === counted.archive) continue
      const detail = `Harvest has ${counted.harvest} entries in ${month}, the archive ${counted.archive}`
      findings.push(finding('harvest-count', month, detail, [month]))
    }
  }
  return { findings, months }
}
