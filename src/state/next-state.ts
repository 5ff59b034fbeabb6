import { compactDate } from '../util/calendar.js'
import type { ArchiveShape } from './archive-shape.js'
import { RECORD_KINDS, emptyRecords, type EmbeddedRecords } from './embedded.js'
import type { DayFileRecord } from './file-memory.js'
import type { StoredRead } from './read-memory.js'
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
  /**
   * True when the run brought everything before its window in line (a sweep, or nothing to
   * sweep yet): only then may `synced_at` move. A backfill or `late-edits: ignore` run saw
   * nothing of what changed elsewhere since the last sweep.
   */
  swept: boolean
  /**
   * Embedded names of the entries this run read. They only add records the state did not
   * know: a rename Harvest made while the run read would otherwise overwrite the old names
   * that other stored days still hold, and the next sweep would not see it.
   */
  records: EmbeddedRecords
  /** The renames the sweep found and brought into every day naming them: these replace. */
  renamed?: EmbeddedRecords
  /** Used only when there is no previous state and Harvest sent no `Date`. */
  now: Date
  /** What the run learned of day files, per date (`YYYY-MM-DD`); undefined forgets one. */
  files?: ReadonlyMap<string, DayFileRecord | undefined>
  /** The run's complete reads (see `ReadMemory`): they replace the last run's, if any. */
  reads?: ReadonlyMap<string, StoredRead>
  /**
   * Whether the run wrote an object (a day file, ...). File and read records alone (a day
   * found unchanged the long way) never make a write: an unchanged rerun still writes nothing.
   */
  wroteObjects?: boolean
  /** Per month, the fingerprint of the day files its table was made true from (`TableMemory`). */
  tables?: ReadonlyMap<string, string>
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
  const days = { ...previous?.days }
  for (const [date, count] of run.dayCounts) {
    if (count > 0) days[compactDate(date)] = count
    else delete days[compactDate(date)]
  }
  const records = emptyRecords()
  for (const kind of RECORD_KINDS) {
    const kept = { ...previous?.records[kind] }
    for (const [id, values] of Object.entries(run.records[kind])) kept[id] ??= values
    records[kind] = { ...kept, ...run.renamed?.[kind] }
  }
  const files = { ...previous?.files }
  for (const [date, record] of run.files ?? []) {
    if (record) files[compactDate(date)] = record
    else delete files[compactDate(date)]
  }
  const reads = run.reads && run.reads.size > 0 ? Object.fromEntries(run.reads) : previous?.reads
  const tables = { ...previous?.tables, ...Object.fromEntries(run.tables ?? []) }
  const hasTables = Object.keys(tables).length > 0
  const archiveFrom =
    previous && previous.archive_from < run.exportedFrom ? previous.archive_from : run.exportedFrom
  const started = run.startedAt !== undefined ? normalizeInstant(run.startedAt) : undefined
  if (!previous) {
    // No Harvest clock: a day earlier than ours is a safe start (the next sweep looks further back).
    const fallback = normalizeInstant(
      new Date(run.now.getTime() - SYNCED_AT_STEP_MS).toISOString()
    )!
    const state: SyncState = {
      version: STATE_VERSION,
      account_id: run.accountId,
      ...run.archive,
      archive_from: archiveFrom,
      synced_at: started ?? fallback,
      days,
      records,
      files,
      ...(reads && { reads }),
      ...(hasTables && { tables })
    }
    return { state, write: true }
  }
  // The run's shape is the state's (`readBoundState` refused any other), so recording it in a
  // state written before shapes were is no change of its own: it goes along with the next
  // write, and an unchanged rerun still writes nothing.
  const bound: SyncState = { ...previous, ...run.archive }
  // A new table record is content: without it the next run would rebuild that table again.
  const kept: SyncState = {
    ...bound,
    archive_from: archiveFrom,
    days,
    records,
    files,
    reads,
    ...(hasTables && { tables })
  }
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
  if (contentChanged || moved > SYNCED_AT_STEP_MS) {
    return { state: { ...kept, synced_at: candidate }, write: true }
  }
  return { state: previous, write: false }
}

/** Entries the state holds for `from..to` (both `YYYY-MM-DD`, inclusive). */
export function storedCount(state: SyncState, from: string, to: string): number {
  const low = compactDate(from)
  const high = compactDate(to)
  let sum = 0
  for (const [day, count] of Object.entries(state.days)) {
    if (day >= low && day <= high) sum += count
  }
  return sum
}
