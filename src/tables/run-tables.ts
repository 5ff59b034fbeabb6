import type { TimeEntry } from '../harvest/types.js'
import type { Memory } from '../state/memory.js'
import { eachDate, lastDayOfMonth } from '../util/calendar.js'
import { encodeTable, type TableColumn } from './parquet-file.js'
import { joinColumns, timeEntryColumns } from './time-entry-table.js'

/**
 * A day's rows as table columns, or why they cannot go into the table, or (a read known
 * from the last run, never parsed) how to get its entries should its month be rebuilt.
 */
type Captured =
  { columns: TableColumn[] } | { error: unknown } | { later: () => readonly TimeEntry[] }

/**
 * The rows of the days a run read, kept as table cells until the tables are built, so a
 * month's table needs no GET of a day the run read. A value that does not fit its column is
 * kept as the error, raised only when that month's table is built: the day file is written.
 */
class DayRows {
  private readonly days = new Map<string, Captured>()

  note(date: string, entries: readonly TimeEntry[]): void {
    try {
      this.days.set(date, { columns: timeEntryColumns(entries) })
    } catch (error) {
      this.days.set(date, { error })
    }
  }

  /** A day whose entries are parsed only if its month's table is rebuilt. */
  noteLater(date: string, entries: () => readonly TimeEntry[]): void {
    this.days.set(date, { later: entries })
  }

  has(date: string): boolean {
    return this.days.has(date)
  }

  /** The day's columns, once: taking them frees them. */
  take(date: string): TableColumn[] | undefined {
    const captured = this.days.get(date)
    this.days.delete(date)
    if (captured && 'error' in captured) throw captured.error
    if (captured && 'later' in captured) return timeEntryColumns(captured.later())
    return captured?.columns
  }

  /** Forgets the day without building its columns (its month's table is already right). */
  drop(date: string): void {
    this.days.delete(date)
  }

  /** Dates held, oldest first. */
  dates(): string[] {
    return [...this.days.keys()].sort()
  }

  clear(): void {
    this.days.clear()
  }
}

/**
 * What one run with `tables: parquet` gathers for its tables. A month wholly inside the window
 * is final once its last day settles: its table is encoded then if it must be rebuilt (the
 * run wrote one of its days, or `stale` says so), else its rows are let go; so a long run
 * holds compact Parquet bytes, not every row.
 */
export class RunTables {
  readonly rows = new DayRows()
  private readonly keys: string[] = []
  /** The state's record of what each month's table was built from (none without a state). */
  memory?: Memory<string>
  /**
   * Whether a month the run left as it was still needs its table rebuilt (it has none, or it
   * is behind), from the listing made before the window was read; unset, rows are kept.
   */
  stale?: (month: string) => boolean
  /** Per month wholly read: its days not settled yet, and whether one was written. */
  private readonly open = new Map<string, { left: Set<string>; written: boolean }>()
  /** Months' tables made while the window was read: their bytes, or why one could not be made. */
  private readonly early = new Map<string, { bytes: Buffer } | { error: unknown }>()

  constructor(window?: { from: string; to: string }) {
    if (window) this.watch(window.from, window.to)
  }

  /**
   * Months wholly inside `from..to` (a window, or months the sweep reads whole) are encoded,
   * or let go, as soon as their last day settles.
   */
  watch(from: string, to: string): void {
    for (const month of new Set(eachDate(from, to).map((date) => date.slice(0, 7)))) {
      const days = monthDays(month)
      if (days[0] < from || days[days.length - 1] > to || this.open.has(month)) continue
      // Read again: a table made from the earlier read may no longer be right.
      this.early.delete(month)
      this.open.set(month, { left: new Set(days), written: false })
    }
  }

  /** A window day's file is settled (`written`: the run wrote it, or would in a dry run). */
  settled(date: string, written: boolean): void {
    const month = date.slice(0, 7)
    const days = this.open.get(month)
    if (!days?.left.delete(date)) return
    days.written ||= written
    if (days.left.size > 0) return
    this.open.delete(month)
    if (!days.written && !this.stale) return
    if (!days.written && !this.stale?.(month)) {
      // Its table is right and stays so: its rows are not needed.
      for (const day of monthDays(month)) this.rows.drop(day)
      return
    }
    try {
      const columns = monthDays(month)
        .map((day) => this.rows.take(day))
        .filter((day): day is TableColumn[] => day !== undefined)
      this.early.set(month, { bytes: encodeTable(joinColumns(columns)) })
    } catch (error) {
      this.early.set(month, { error })
    }
  }

  /** The month's table made early, once: taking it frees it. */
  takeEarly(month: string): Buffer | undefined {
    const early = this.early.get(month)
    this.early.delete(month)
    if (early && 'error' in early) throw early.error
    return early?.bytes
  }

  noteWritten(key: string): void {
    this.keys.push(key)
  }

  /** Table keys written (or that would be), sorted. */
  get written(): string[] {
    return [...this.keys].sort()
  }

  /** Forgets everything held for tables (after the Tables phase). */
  clear(): void {
    this.rows.clear()
    this.early.clear()
  }
}

const monthDays = (month: string): string[] => eachDate(`${month}-01`, lastDayOfMonth(month))
