import type { ResourceName } from '../resources/names.js'
import type { FetchPlanOptions } from '../harvest/range-plan.js'
import type { Layout } from './layout.js'
import type { Format } from './serialize.js'
import type { WindowSettings } from './window.js'

// Re-exported for the entry points that import it from here.
export type { ExportSummary } from '../report/summary.js'

/** What to export and how to store it: everything but credentials and endpoints. */
export interface ExportSettings {
  window: WindowSettings
  prefix: string
  format: Format
  layout: Layout
  /** Under the prefix: one object holding the whole window. */
  latestKey?: string
  changes: boolean
  dryRun: boolean
  allowEmpty: boolean
  /** Harvest resources to keep (`resources`); the days only with `time_entries`. Default: only it. */
  resources?: readonly ResourceName[]
  lateEdits?: LateEditsMode
  onClosedChange?: OnClosedChange
  tables?: TableMode
}

export const TABLE_MODES = ['none', 'parquet'] as const
/** `parquet`: also keep Parquet tables under `tables/` (flat and hive only). */
export type TableMode = (typeof TABLE_MODES)[number]

export const ON_CLOSED_CHANGE_MODES = ['warn', 'fail'] as const
/** A change to closed time: `warn` reports it, `fail` also fails the run once all is written. */
export type OnClosedChange = (typeof ON_CLOSED_CHANGE_MODES)[number]

export const LATE_EDITS_MODES = ['sync', 'ignore'] as const
/** `sync`: also bring archived days before the window in line with Harvest. */
export type LateEditsMode = (typeof LATE_EDITS_MODES)[number]

/** Tuning that users never need; the benchmark uses it to compare against a serial baseline. */
export interface ExportTuning extends FetchPlanOptions {
  /** Store requests in flight at once. */
  storeConcurrency: number
}

export const DEFAULT_TUNING: ExportTuning = {
  concurrency: 4,
  pagesPerRange: 8,
  storeConcurrency: 16
}

export interface Logger {
  info(message: string): void
  warn(message: string): void
}

export interface Progress {
  daysFetched: number
  daysWritten: number
  daysTotal: number
}

/** How an entry point watches a run: logs, grouped phases, progress. */
export interface RunObserver {
  log: Logger
  phase?<T>(name: string, work: () => Promise<T>): Promise<T>
  progress?(progress: Progress): void
}
