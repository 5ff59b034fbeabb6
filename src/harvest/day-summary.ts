import type { DaySummary, TimeEntry } from './types.js'

export const NO_ENTRIES: DaySummary = Object.freeze({ count: 0, hours: 0 })

/** Each date's entry count and hours, added in the order the entries come (Harvest's). */
export class DaySummaries {
  private readonly days = new Map<string, DaySummary>()

  add(entry: TimeEntry): void {
    const hours = typeof entry.hours === 'number' ? entry.hours : 0
    const day = this.days.get(entry.spent_date)
    if (day) {
      day.count++
      day.hours += hours
    } else this.days.set(entry.spent_date, { count: 1, hours })
  }

  dates(): IterableIterator<string> {
    return this.days.keys()
  }

  readonly of = (date: string): DaySummary => this.days.get(date) ?? NO_ENTRIES

  static of(entries: Iterable<TimeEntry>): DaySummaries {
    const summaries = new DaySummaries()
    for (const entry of entries) summaries.add(entry)
    return summaries
  }
}
