import type { TimeEntry } from '../harvest/types.js'
import type { TableColumn } from './parquet-file.js'
import { timeEntryColumns } from './time-entry-table.js'

/**
 * A day's rows as table columns, or why they cannot go into the table, or (a read known
 * from the last run, never parsed) how to get its entries should its month be rebuilt.
 */
type Captured =
  { columns: TableColumn[] } | { error: unknown } | { later: () => readonly TimeEntry[] }

/**
 * The rows of the days a run read from Harvest, kept as table cells (not as entries) until
 * the tables are built, so a month's table needs no GET of a day the run read.
 * A value that does not fit its column is kept as the error and raised only when that
 * month's table is built: the day file is written all the same.
 */
export class DayRows {
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
