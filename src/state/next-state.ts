import { compactDate } from '../util/calendar.js'
import type { ArchiveShape } from './archive-shape.js'
import { RECORD_KINDS, emptyRecords, type EmbeddedRecords } from './embedded.js'
import type { DayFileRecord, StoredRead } from './memory.js'
import { STATE_VERSION, normalizeInstant, serializeState, type SyncState } from './sync-state.js'

/** What one successful run learned, for `nextState`. */
export interface RunFindings {
  accountId: string
  /** The layout and format the run wrote its day files in. */
  archive: ArchiveShape
  /** The earliest day this run exported (its window's start). */
  exportedFrom: string
  /** Entries per day for every day the run read completely (window and swept days). */
  dayCounts: ReadonlyMap<string, number>
  /** Harvest's `Date` header when the run started reading, if Harvest sent one. */
  startedAt?: string
  /** Everything before the window is in line (swept, or nothing to sweep): `synced_at` may move. */
  swept: boolean
  /**
   * Embedded names of the entries read; they only add records the state lacks: a rename made
   * while the run read would otherwise hide the old names other stored days hold from the sweep.
   */
  records: EmbeddedRecords
  /** The renames the sweep found and brought into every day naming them: these replace. */
  renamed?: EmbeddedRecords
  /** Used only when there is no previous state and Harvest sent no `Date`. */
  now: Date
  /** `Memory.updates` of day files (by `YYYY-MM-DD`), reads and tables (by month). */
  files?: ReadonlyMap<string, DayFileRecord | undefined>
  reads?: ReadonlyMap<string, StoredRead>
  tables?: ReadonlyMap<string, string | undefined>
  /** File and read records alone (a day found unchanged the long way) never make a write. */
  wroteObjects?: boolean
}

/** `recorded` with `updates` applied (undefined deletes), keyed as the state spells them. */
function merged<T>(
  recorded: Readonly<Record<string, T>> | undefined,
  updates: Iterable<readonly [string, T | undefined]> = [],
  stateKey: (key: string) => string = (key) => key
): Record<string, T> {
  const result = { ...recorded }
  for (const [key, value] of updates) {
    if (value === undefined) delete result[stateKey(key)]
    else result[stateKey(key)] = value
  }
  return result
}

/** `synced_at` is left alone for moves under a day: an unchanged rerun then writes nothing. */
export const SYNCED_AT_STEP_MS = 24 * 60 * 60 * 1000

/**
 * The state after a successful run, and whether it must be written: only when something
 * other than `synced_at` changed, or `synced_at` would move by more than 24 hours.
 * Keeping an older `synced_at` is always safe: the next sweep just looks further back.
 */
export function nextState(
  previous: SyncState | undefined,
  run: RunFindings
): { state: SyncState; write: boolean } {
  const counts = [...run.dayCounts].map(([date, count]) => [date, count || undefined] as const)
  const days = merged(previous?.days, counts, compactDate)
  const records = emptyRecords()
  for (const kind of RECORD_KINDS) {
    const kept = { ...previous?.records[kind] }
    for (const [id, values] of Object.entries(run.records[kind])) kept[id] ??= values
    records[kind] = { ...kept, ...run.renamed?.[kind] }
  }
  const files = merged(previous?.files, run.files, compactDate)
  const reads = run.reads && run.reads.size > 0 ? Object.fromEntries(run.reads) : previous?.reads
  const tables = merged(previous?.tables, run.tables)
  const started = run.startedAt !== undefined ? normalizeInstant(run.startedAt) : undefined
  const content = {
    archive_from:
      previous && previous.archive_from < run.exportedFrom
        ? previous.archive_from
        : run.exportedFrom,
    days,
    records,
    files,
    ...(reads && { reads }),
    // A new table record is content: without it the next run would rebuild that table again.
    ...(Object.keys(tables).length > 0 && { tables })
  }
  if (!previous) {
    // No Harvest clock: a day earlier than ours is a safe start (the next sweep looks further back).
    const fallback = new Date(run.now.getTime() - SYNCED_AT_STEP_MS).toISOString()
    const state: SyncState = {
      version: STATE_VERSION,
      account_id: run.accountId,
      ...run.archive,
      ...content,
      synced_at: started ?? normalizeInstant(fallback)!
    }
    return { state, write: true }
  }
  // The run's shape is the state's (`readBoundState` refused any other), so recording it in a
  // state written before shapes were is no change of its own: it goes along with the next
  // write, and an unchanged rerun still writes nothing.
  const bound: SyncState = { ...previous, ...run.archive }
  const kept: SyncState = { ...bound, ...content }
  const withoutFiles = (state: SyncState): Buffer =>
    serializeState({ ...state, files: undefined, reads: undefined })
  const contentChanged =
    !withoutFiles(kept).equals(withoutFiles(bound)) ||
    (run.wroteObjects === true && !serializeState(kept).equals(serializeState(bound)))
  const candidate =
    run.swept && started !== undefined && Date.parse(started) > Date.parse(previous.synced_at)
      ? started
      : previous.synced_at
  const moved = Date.parse(candidate) - Date.parse(previous.synced_at)
  if (contentChanged || moved > SYNCED_AT_STEP_MS)
    return { state: { ...kept, synced_at: candidate }, write: true }
  return { state: previous, write: false }
}

/** Entries the state holds for `from..to` (both `YYYY-MM-DD`, inclusive). */
export function storedCount(state: SyncState, from: string, to: string): number {
  const [low, high] = [compactDate(from), compactDate(to)]
  let sum = 0
  for (const [day, count] of Object.entries(state.days)) if (day >= low && day <= high) sum += count
  return sum
}
