import { DaySummaries } from '../harvest/day-summary.js'
import type { DaysRead, TimeEntry } from '../harvest/types.js'
import { eachDate } from '../util/calendar.js'
import type { ChangeLedger } from './changes.js'
import { sortEntries } from './serialize.js'
import type { DayReport, ExportSummary } from '../report/summary.js'
import type { RunObserver } from './types.js'
import type { ExportWindow } from './window.js'

/** One day of a complete read: its entries in day-file order (spent_date, created_at, id). */
export interface DayEntries {
  date: string
  /** Sorted when first read: a day known unchanged from its digest is never sorted. */
  readonly entries: TimeEntry[]
  count: number
  /** The digest of Harvest's bytes for the day's entries, when the read has one. */
  digest?: string
  /** True when `entries` would be parsed only on first use (a read known from the last run). */
  lazy?: boolean
}

type DayFacts = Pick<DayReport, 'date' | 'key' | 'status' | 'entries' | 'hours'>

/**
 * What a run learns about each day of its window (what was read, what became of its object),
 * with progress reported as it goes; a day never settled stays `not-refreshed`.
 */
export class DayBook {
  private readonly days = new Map<string, DayFacts>()
  entries = 0
  private daysRead = 0
  private daysWritten = 0

  constructor(
    readonly window: ExportWindow,
    private readonly observer: RunObserver,
    /** False when the run keeps no time entries (`resources` without `time_entries`): no days. */
    keepsDays = true
  ) {
    for (const date of keepsDays ? eachDate(window.from, window.to) : [])
      this.days.set(date, { date, status: 'not-refreshed', entries: 0, hours: 0 })
  }

  dates(): IterableIterator<string> {
    return this.days.keys()
  }

  /** Splits a complete read into its days; one that knows its days' summaries is not parsed. */
  read(range: DaysRead): DayEntries[] {
    const summaryOf = range.summaryOf ?? DaySummaries.of(range.entries).of
    let byDate: Map<string, TimeEntry[]> | undefined
    const entriesOf = (date: string): TimeEntry[] => {
      if (!byDate) {
        byDate = new Map()
        for (const entry of range.entries) {
          const list = byDate.get(entry.spent_date)
          if (list) list.push(entry)
          else byDate.set(entry.spent_date, [entry])
        }
      }
      return byDate.get(date) ?? []
    }
    const days = eachDate(range.from, range.to).map((date): DayEntries => {
      const { count, hours } = summaryOf(date)
      Object.assign(this.fact(date), { entries: count, hours })
      this.entries += count
      let sorted: TimeEntry[] | undefined
      return {
        date,
        get entries() {
          return (sorted ??= sortEntries(entriesOf(date)))
        },
        count,
        digest: range.digestOf?.(date),
        lazy: range.summaryOf !== undefined
      }
    })
    this.daysRead += days.length
    this.reportProgress()
    return days
  }

  setKey(date: string, key: string): void {
    this.fact(date).key = key
  }

  /** Told each day's outcome as it is settled (the tables encode whole months early). */
  onSettle?: (date: string, written: boolean) => void

  /** A written day left with no entry is `emptied`. */
  settle(date: string, outcome: 'unchanged' | 'written'): void {
    const day = this.fact(date)
    day.status = outcome === 'written' && day.entries === 0 ? 'emptied' : outcome
    this.onSettle?.(date, outcome === 'written')
    if (outcome === 'written') {
      this.daysWritten++
      this.reportProgress()
    }
  }

  summary(
    settled: ReturnType<ChangeLedger['settle']>,
    run: Pick<ExportSummary, 'location' | 'dryRun' | 'harvestRequests' | 'objectsWritten'>
  ): Omit<ExportSummary, 'resources' | 'resourcesWritten'> {
    const count = { written: 0, emptied: 0, unchanged: 0, 'not-refreshed': 0 }
    const days = this.dayReports(settled)
    for (const day of days) count[day.status]++
    return {
      ...run,
      windowFrom: this.window.from,
      windowTo: this.window.to,
      entries: this.entries,
      daysWritten: count.written + count.emptied,
      daysUnchanged: count.unchanged,
      daysEmptied: count.emptied,
      ...settled.totals,
      days,
      lateDaysWritten: 0,
      closedChanges: settled.closed
    }
  }

  dayReports(settled: ReturnType<ChangeLedger['settle']>): DayReport[] {
    return [...this.days.values()].map((fact) => ({
      ...fact,
      ...{ added: 0, updated: 0, deleted: 0, movedOut: 0 },
      ...settled.byDate.get(fact.date)
    }))
  }

  private fact(date: string): DayFacts {
    const day = this.days.get(date)
    if (!day)
      throw new Error(`${date} is outside the window ${this.window.from}..${this.window.to}`)
    return day
  }

  private reportProgress(): void {
    this.observer.progress?.({
      daysFetched: this.daysRead,
      daysWritten: this.daysWritten,
      daysTotal: this.days.size
    })
  }
}
