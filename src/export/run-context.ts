import { SafetyError } from '../errors.js'
import { setting, words } from '../wording.js'
import type { TimeEntry } from '../harvest/types.js'
import type { ChangeLedger } from './changes.js'
import type { KeyScheme } from './layout.js'
import type { DayBook, DayEntries } from './day-book.js'
import { parseEntries } from './serialize.js'
import type { Inspection } from './sync-object.js'
import type { ExportSettings, Logger } from './types.js'
import type { DayFileRecord, Memory } from '../state/memory.js'
import type { RunTables } from '../tables/run-tables.js'
import type { ExportWindow } from './window.js'
import type { ObjectWriter } from './writer.js'

/** What every object a run makes true shares: the settings, the window, the one writer. */
export interface RunContext {
  settings: ExportSettings
  window: ExportWindow
  scheme: KeyScheme
  writer: ObjectWriter
  book: DayBook
  ledger: ChangeLedger
  log: Logger
  phase<T>(name: string, work: () => Promise<T>): Promise<T>
  /** What earlier runs recorded of each day file, when the run keeps a state. */
  files?: Memory<DayFileRecord>
  tables?: RunTables
}

/** Objects made from complete reads; after a failed read, `finish(false)` writes what is safe. */
export interface Target<R> {
  prepare?(): Promise<void>
  accept?(read: R): Promise<void>
  finish?(complete: boolean): Promise<void>
}

/** Where a layout keeps the window's days: day files (flat, hive) or one snapshot. */
export interface LayoutTarget extends Target<DayEntries[]> {
  readonly fetchPhase: string
  /** After `prepare`: each stored day's size, for planning the reads. */
  readonly storedBytes: ReadonlyMap<string, number>
}

/** None when the stored object held something else. */
export function storedEntries(run: RunContext, inspection: Inspection): TimeEntry[] {
  if (!inspection.previous) return []
  const entries = parseEntries(inspection.previous.body)
  if (entries) return entries
  run.log.warn(`${inspection.key} did not hold time entries in JSON or NDJSON; it will be replaced`)
  return []
}

/** No entries where stored files hold some looks like a wrong account or revoked token: refuse. */
export function emptyWindowRefusal(window: ExportWindow, stored: string): SafetyError {
  return new SafetyError(
    words`Harvest returned no entries for ${window.from}..${window.to}, but ${stored}, so nothing was overwritten: check ${setting('harvestAccountId')} and ${setting('harvestAccessToken')} (a wrong account or a revoked user's token returns an empty list), or, if the entries really were all deleted, re-run with ${setting('allowEmpty', 'true')}.`
  )
}
