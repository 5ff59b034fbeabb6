/**
 * What a run reports: the summary the engine returns and every entry point renders (job
 * summary, terminal, `--json`, the Lambda's return value, the action's outputs).
 */
import type { ClosedChange } from '../export/closed-changes.js'
import type { ResourceSpec } from '../resources/catalog.js'

export type DayStatus = 'written' | 'emptied' | 'unchanged' | 'not-refreshed'

export interface DayReport {
  date: string
  key?: string
  status: DayStatus
  entries: number
  hours: number
  added: number
  updated: number
  deleted: number
  /** Entries that moved from this day to another day of the window. */
  movedOut: number
}

/** The "Late changes" part: days before the window that the sweep brought in. */
export interface LateReport {
  /** Months read whole by the sweep. */
  months: string[]
  /** Days before the window that were rewritten (or would be, in a dry run). */
  days: DayReport[]
}

export interface ResourceReport {
  resource: ResourceSpec['name']
  key: string
  /** `not-refreshed`: not read completely (or refused), so its stored object was left as it was. */
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
  /** Keys written (or, in a dry run, that would be written), day files and the rest. */
  objectsWritten: string[]
  days: DayReport[]
  /** One row per resource other than time entries that was asked for, in the README's resource order. */
  resources: ResourceReport[]
  /** Resource objects written (or, in a dry run, that would be): output `resources-written`. */
  resourcesWritten: number
  /** Days before the window rewritten by the sweep (0 when it did not run). */
  lateDaysWritten: number
  /** The sweep's months and written days, when it ran. */
  late?: LateReport
  /** Entries closed when stored that were deleted, moved or changed (window and sweep alike). */
  closedChanges: ClosedChange[]
  /** With `tables: parquet`: the table keys written (in a dry run, that would be), sorted. */
  tables?: string[]
}

/** Days whose object was written: the ones every rendering lists. */
export function changedDays(days: readonly DayReport[]): DayReport[] {
  return days.filter((day) => day.status === 'written' || day.status === 'emptied')
}

/** Resource objects written (or, in a dry run, that would be). */
export function resourcesWritten(rows: readonly ResourceReport[]): number {
  return rows.filter((row) => row.status === 'written').length
}

/**
 * The window's days a run left as they were, as people read them: days whose file was already
 * right, and days with no entries (no file, or one holding an empty day). Output
 * `days-unchanged` counts both (README, Outputs); the summary text shows them apart, since a
 * first run's empty weekends are not days it found "unchanged".
 */
export function daysLeft(days: readonly DayReport[]): {
  unchanged: number
  withoutEntries: number
} {
  let unchanged = 0
  let withoutEntries = 0
  for (const day of days) {
    if (day.status !== 'unchanged') continue
    if (day.entries === 0) withoutEntries++
    else unchanged++
  }
  return { unchanged, withoutEntries }
}
