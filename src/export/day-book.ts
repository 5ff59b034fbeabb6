import { DaySummaries } from '../harvest/day-summary.js'
import type { DaysRead, TimeEntry } from '../harvest/types.js'
import { eachDate } from '../util/calendar.js'
import type { ChangeLedger } from './changes.js'
import { sortEntries } from './serialize.js'
import type { DayReport, DayStatus, ExportSummary } from '../report/summary.js'
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

/** What became of a day's object: left as it was, or written (`emptied` when no entry is left). */
type DayOutcome = 'unchanged' | 'written'

interface DayFacts {
  date: string
  key?: string
  entries: number
  hours: number
  outcome?: DayOutcome
}

/** The one place a day's status is decided: not settled means not refreshed. */
function dayStatus(day: DayFacts): DayStatus {
  if (day.outcome === undefined) return 'not-refreshed'
  if (day.outcome === 'unchanged') return 'unchanged'
  return day.entries === 0 ? 'emptied' : 'written'
}

/**
 * Keeps what a run learns about each day of its window (what was read, what became of its
 * object), reports progress as it goes, and turns it all into the run's summary.
 */
export class DayBook {
  private readonly days = new Map<string, DayFacts>()
  /** Entries read so far, over every complete read. */
  entries = 0
  private daysRead = 0
  private daysWritten = 0

  constructor(
    readonly window: ExportWindow,
    private readonly observer: RunObserver,
    /** False when the run keeps no time entries (`resources` without `time_entries`): no days. */
    keepsDays = true
  ) {
    for (const date of keepsDays ? eachDate(window.from, window.to) : []) {
      this.days.set(date, { date, entries: 0, hours: 0 })
    }
  }

  get size(): number {
    return this.days.size
  }

  /** The window's dates, oldest first. */
  dates(): IterableIterator<string> {
    return this.days.keys()
  }

  /**
   * Splits a complete read into its days (each sorted when first asked for) and records
   * their counts. A read that knows its days' summaries is not looked into for them, so a
   * read whose entries were never parsed stays so unless a day needs them.
   */
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
      const day = this.fact(date)
      day.entries = count
      day.hours = hours
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

  /** The key of the object that holds `date` (day-file layouts). */
  setKey(date: string, key: string): void {
    this.fact(date).key = key
  }

  /** Told each day's outcome as it is settled (the tables encode whole months early). */
  onSettle?: (date: string, written: boolean) => void

  settle(date: string, outcome: DayOutcome): void {
    this.fact(date).outcome = outcome
    this.onSettle?.(date, outcome === 'written')
    if (outcome === 'written') {
      this.daysWritten++
      this.reportProgress()
    }
  }

  summary(
    settled: ReturnType<ChangeLedger['settle']>,
    run: { location: string; dryRun: boolean; harvestRequests: number; objectsWritten: string[] }
  ): Omit<ExportSummary, 'resources' | 'resourcesWritten'> {
    const count = { written: 0, emptied: 0, unchanged: 0, 'not-refreshed': 0 }
    const days = this.dayReports(settled)
    for (const day of days) count[day.status]++
    return {
      location: run.location,
      windowFrom: this.window.from,
      windowTo: this.window.to,
      dryRun: run.dryRun,
      entries: this.entries,
      daysWritten: count.written + count.emptied,
      daysUnchanged: count.unchanged,
      daysEmptied: count.emptied,
      ...settled.totals,
      harvestRequests: run.harvestRequests,
      objectsWritten: run.objectsWritten,
      days,
      lateDaysWritten: 0,
      closedChanges: settled.closed
    }
  }

  /** Each day of the window: its status, counts and changes. */
  dayReports(settled: ReturnType<ChangeLedger['settle']>): DayReport[] {
    return [...this.days.values()].map((fact): DayReport => {
      const changes = { added: 0, updated: 0, deleted: 0, movedOut: 0 }
      const { date, key, entries, hours } = fact
      const day = { date, key, status: dayStatus(fact), entries, hours, ...changes }
      if (key === undefined) delete day.key
      Object.assign(day, settled.byDate.get(date))
      return day
    })
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
