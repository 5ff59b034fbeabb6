import type { Memory } from '../state/memory.js'
import { eachDate, lastDayOfMonth } from '../util/calendar.js'
import { DayRows } from './day-rows.js'
import { encodeTable, type TableColumn } from './parquet-file.js'
import { joinColumns } from './time-entry-table.js'

/** A month's table made while the window was read: its bytes, or why it could not be made. */
type Early = { bytes: Buffer } | { error: unknown }

/**
 * What one run with `tables: parquet` gathers for its tables: the rows of the days it read,
 * the table keys it wrote (or, in a dry run, would write), and the state's record of what
 * each month's table was built from (absent when the run keeps no state).
 *
 * A month wholly inside the window is final once its last day has settled: if its table
 * must be rebuilt (the run wrote one of its days, or `stale` says so) it is encoded then,
 * otherwise its rows are let go; so a long run holds compact Parquet bytes, not every row.
 */
export class RunTables {
  readonly rows = new DayRows()
  private readonly keys: string[] = []
  memory?: Memory<string>
  /**
   * Whether a month whose days the run left as they were still needs its table rebuilt (it
   * has none, or it is behind), from the listing made before the window was read. Unset,
   * such a month's rows are kept to the end.
   */
  stale?: (month: string) => boolean
  /** Per month wholly read: its days not settled yet, and whether one was written. */
  private readonly open = new Map<string, { left: Set<string>; written: boolean }>()
  private readonly early = new Map<string, Early>()

  /** The window's dates, so its whole months can be encoded as soon as they are final. */
  constructor(window?: { from: string; to: string }) {
    if (window) this.watch(window.from, window.to)
  }

  /**
   * Months wholly inside `from..to` (a window, or months the sweep reads whole) are encoded,
   * or let go, as soon as their last day settles (see `settled`).
   */
  watch(from: string, to: string): void {
    const months = new Map<string, Set<string>>()
    for (const date of eachDate(from, to)) {
      const month = date.slice(0, 7)
      months.set(month, (months.get(month) ?? new Set()).add(date))
    }
    for (const [month, left] of months) {
      if (left.size !== daysInMonth(month) || this.open.has(month)) continue
      // Read again: a table made from the earlier read may no longer be right.
      this.early.delete(month)
      this.open.set(month, { left, written: false })
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
      for (const day of eachDate(`${month}-01`, lastDayOfMonth(month))) this.rows.drop(day)
      return
    }
    try {
      const days = eachDate(`${month}-01`, lastDayOfMonth(month))
        .map((day) => this.rows.take(day))
        .filter((day): day is TableColumn[] => day !== undefined)
      this.early.set(month, { bytes: encodeTable(joinColumns(days)) })
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

function daysInMonth(month: string): number {
  return Number(lastDayOfMonth(month).slice(8))
}
