import { lastDayOfMonth } from '../util/calendar.js'
import type { Finding } from './findings.js'

/** Harvest's count of time entries with a spent date in `from..to` (a `per_page=1` probe). */
export interface EntryCounter {
  countEntries(from: string, to: string, signal?: AbortSignal): Promise<number>
}

/** Harvest's count and the archive's for one month (`YYYY-MM`). */
export interface MonthCount {
  harvest: number
  archive: number
}

const clip = (from: string, to: string, range: { from: string; to: string }) => ({
  from: from < range.from ? range.from : from,
  to: to > range.to ? range.to : to
})

const monthsOf = (year: string, range: { from: string; to: string }): string[] => {
  const months: string[] = []
  for (let month = 1; month <= 12; month++) {
    const name = `${year}-${String(month).padStart(2, '0')}`
    if (`${name}-01` <= range.to && lastDayOfMonth(name) >= range.from) months.push(name)
  }
  return months
}

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
  const countMonth = async (month: string): Promise<MonthCount> => {
    const span = clip(`${month}-01`, lastDayOfMonth(month), range)
    const count = {
      harvest: await counter.countEntries(span.from, span.to),
      archive: archiveCount(span.from, span.to)
    }
    months.set(month, count)
    return count
  }
  const firstYear = Number(range.from.slice(0, 4))
  const lastYear = Number(range.to.slice(0, 4))
  for (let number = firstYear; number <= lastYear; number++) {
    const year = String(number)
    const span = clip(`${year}-01-01`, `${year}-12-31`, range)
    const same =
      (await counter.countEntries(span.from, span.to)) === archiveCount(span.from, span.to)
    for (const month of monthsOf(year, range)) {
      if (same && !also.has(month)) continue
      const count = await countMonth(month)
      if (count.harvest === count.archive) continue
      findings.push({
        problem: {
          kind: 'harvest-count',
          key: month,
          detail: `Harvest has ${count.harvest} entries in ${month}, the archive ${count.archive}`
        },
        months: [month]
      })
    }
  }
  return { findings, months }
}
