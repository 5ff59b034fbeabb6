/** What a run reports: the summary the engine returns and every entry point renders. */
import type { ClosedChange } from '../export/closed-changes.js'
import type { ResourceSpec } from '../resources/catalog.js'

export interface DayReport {
  date: string
  key?: string
  status: 'written' | 'emptied' | 'unchanged' | 'not-refreshed'
  entries: number
  hours: number
  added: number
  updated: number
  deleted: number
  /** Entries moved to another day of the window. */
  movedOut: number
}

/** Days before the window that the sweep rewrote (in a dry run, would), and the months it read. */
export interface LateReport {
  months: string[]
  days: DayReport[]
}

export interface ResourceReport {
  resource: ResourceSpec['name']
  key: string
  /** `not-refreshed`: not read completely (or refused): its stored object was left as it was. */
  status: 'written' | 'unchanged' | 'not-refreshed'
  records: number
  added: number
  updated: number
  deleted: number
}

export interface ExportSummary {
  location: string
  windowFrom: string
  windowTo: string
  dryRun: boolean
  entries: number
  daysWritten: number
  daysUnchanged: number
  daysEmptied: number
  added: number
  updated: number
  deleted: number
  harvestRequests: number
  /** Every key written; in a dry run (as for every count), those that would be. */
  objectsWritten: string[]
  days: DayReport[]
  /** One row per other resource asked for, in the README's order. */
  resources: ResourceReport[]
  resourcesWritten: number
  /** Days before the window rewritten by the sweep. */
  lateDaysWritten: number
  late?: LateReport
  /** Entries closed when stored that were deleted, moved or changed (window and sweep alike). */
  closedChanges: ClosedChange[]
  /** With `tables: parquet`: the table keys written, sorted. */
  tables?: string[]
}

/** Days whose object was written: the ones every rendering lists. */
export function changedDays(days: readonly DayReport[]): DayReport[] {
  return days.filter((day) => day.status === 'written' || day.status === 'emptied')
}

export function resourcesWritten(rows: readonly ResourceReport[]): number {
  return rows.filter((row) => row.status === 'written').length
}

/**
 * Output `days-unchanged` counts days whose file was already right and days with no entries
 * alike (README, Outputs); the summary shows them apart, since a first run's empty weekends
 * are not days it found "unchanged".
 */
export function daysLeft(days: readonly DayReport[]) {
  const left = days.filter((day) => day.status === 'unchanged')
  const withoutEntries = left.filter((day) => day.entries === 0).length
  return { unchanged: left.length - withoutEntries, withoutEntries }
}
