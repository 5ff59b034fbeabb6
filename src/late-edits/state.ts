import { ExportError } from '../errors.js'
import type { DayFileRecord } from '../export/run-context.js'
import type { StoredRead } from './read-memory.js'
import { compactDate, expandDate, isIsoDate } from '../util/calendar.js'
import {
  RECORD_KINDS,
  emptyRecords,
  type EmbeddedRecords,
  type EmbeddedValues
} from './embedded.js'

export const STATE_VERSION = 1

/**
 * What a prefix's archive holds, so a later run can tell what changed in Harvest without
 * reading the archive back (README, How late edits are caught). Stored at `stateKey(prefix)`.
 */
export interface SyncState {
  version: typeof STATE_VERSION
  /** The Harvest account the archive mirrors: another account's run must not touch it. */
  account_id: string
  /** The earliest day any run of this prefix exported (`YYYY-MM-DD`). */
  archive_from: string
  /** Harvest's clock (its `Date` header) when the last sweeping run started reading. */
  synced_at: string
  /** Entries per archived day (`YYYYMMDD`); days with none are left out. */
  days: Record<string, number>
  /** The embedded names the archive holds per client, project, task and user. */
  records: EmbeddedRecords
  /**
   * Per day file (`YYYYMMDD`), the ETag it got and what it was made from: lets a rerun know
   * an unchanged day without rebuilding its file (see `FileMemory`). Absent in older states.
   */
  files?: Record<string, DayFileRecord>
  /**
   * The last run's complete reads of Harvest, by `YYYYMMDD-YYYYMMDD`: lets a rerun whose
   * pages come back byte for byte skip parsing them (see `ReadMemory`). Absent in older states.
   */
  reads?: Record<string, StoredRead>
}

/** The one object under a prefix that is not a day file. */
export function stateKey(prefix: string): string {
  return `${prefix}.harvest-s3-export/state.json`
}

const COMPACT_DATE = /^\d{8}$/
const DIGITS = /^\d+$/

/** `Date` header or ISO text -> `YYYY-MM-DDTHH:MM:SSZ`, or undefined when it is no instant. */
export function normalizeInstant(text: string): string | undefined {
  const ms = Date.parse(text)
  if (Number.isNaN(ms)) return undefined
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z')
}

/**
 * Reads a stored state. Anything this release cannot trust (another version, a missing or
 * malformed field) fails the run naming the key and the field, before anything is written:
 * guessing would risk sweeping with wrong counts.
 */
export function parseState(text: string, key: string): SyncState {
  const invalid = (problem: string): ExportError =>
    new ExportError(
      `The state object ${key} cannot be used: ${problem}. It is written by harvest-s3-export; ` +
        'if it was edited or written by another tool, restore it or delete it on purpose ' +
        '(the next run then records a new one and catches late changes from the run after).'
    )
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    throw invalid('it is not JSON')
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw invalid('it is not a JSON object')
  }
  const value = raw as Record<string, unknown>
  if (value.version !== STATE_VERSION) {
    throw invalid(
      `"version" is ${JSON.stringify(value.version)}, this release reads version ${STATE_VERSION}` +
        (typeof value.version === 'number' && value.version > STATE_VERSION
          ? ' (it was written by a newer release: upgrade)'
          : '')
    )
  }
  const accountId =
    typeof value.account_id === 'number' ? String(value.account_id) : value.account_id
  if (typeof accountId !== 'string' || !DIGITS.test(accountId)) {
    throw invalid('"account_id" is not a Harvest account id (digits)')
  }
  if (typeof value.archive_from !== 'string' || !isIsoDate(value.archive_from)) {
    throw invalid('"archive_from" is not a date written YYYY-MM-DD')
  }
  const syncedAt =
    typeof value.synced_at === 'string' ? normalizeInstant(value.synced_at) : undefined
  if (syncedAt === undefined) throw invalid('"synced_at" is not a date and time')
  const days = parseDays(value.days, invalid)
  const records = parseRecords(value.records, invalid)
  const files = parseFiles(value.files)
  const reads = parseReads(value.reads)
  return {
    version: STATE_VERSION,
    account_id: accountId,
    archive_from: value.archive_from,
    synced_at: syncedAt,
    days,
    records,
    ...(files && { files }),
    ...(reads && { reads })
  }
}

/**
 * Only a shortcut: a record that does not look right is left out (its day is then compared
 * in full), never trusted and never a reason to fail the run.
 */
function parseFiles(value: unknown): Record<string, DayFileRecord> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined
  const files: Record<string, DayFileRecord> = {}
  for (const [day, record] of Object.entries(value)) {
    if (!COMPACT_DATE.test(day) || typeof record !== 'object' || record === null) continue
    const { etag, made_from: madeFrom } = record as Record<string, unknown>
    if (typeof etag === 'string' && typeof madeFrom === 'string' && etag !== '' && madeFrom !== '')
      files[day] = { etag, madeFrom }
  }
  return files
}

const READ_KEY = /^(\d{8})-(\d{8})$/

/** Like `files`, only a shortcut: a read that does not look right is left out. */
function parseReads(value: unknown): Record<string, StoredRead> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined
  const reads: Record<string, StoredRead> = {}
  for (const [key, read] of Object.entries(value)) {
    const range = READ_KEY.exec(key)
    if (!range || !isIsoDate(expandDate(range[1])) || !isIsoDate(expandDate(range[2]))) continue
    if (range[1] > range[2] || typeof read !== 'object' || read === null) continue
    const { pages, days } = read as Record<string, unknown>
    if (typeof pages !== 'string' || pages === '') continue
    if (typeof days !== 'object' || days === null || Array.isArray(days)) continue
    const kept: StoredRead['days'] = {}
    const fits = Object.entries(days).every(([day, summary]) => {
      if (!COMPACT_DATE.test(day) || day < range[1] || day > range[2]) return false
      if (!Array.isArray(summary) || summary.length !== 3) return false
      const [count, hours, digest] = summary as unknown[]
      if (!Number.isSafeInteger(count) || (count as number) <= 0) return false
      if (typeof hours !== 'number' || !Number.isFinite(hours)) return false
      if (typeof digest !== 'string' || digest === '') return false
      kept[day] = [count as number, hours, digest]
      return true
    })
    if (fits) reads[key] = { pages, days: kept }
  }
  return reads
}

function parseDays(
  value: unknown,
  invalid: (problem: string) => ExportError
): Record<string, number> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid('"days" is not an object of day counts')
  }
  const days: Record<string, number> = {}
  for (const [day, count] of Object.entries(value)) {
    if (!COMPACT_DATE.test(day) || !isIsoDate(expandDate(day))) {
      throw invalid(`"days" has the key ${JSON.stringify(day)}, not a date written YYYYMMDD`)
    }
    if (!Number.isSafeInteger(count) || (count as number) < 0) {
      throw invalid(`"days"."${day}" is ${JSON.stringify(count)}, not a count of entries`)
    }
    if ((count as number) > 0) days[day] = count as number
  }
  return days
}

function parseRecords(value: unknown, invalid: (problem: string) => ExportError): EmbeddedRecords {
  const records = emptyRecords()
  if (value === undefined) return records
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid('"records" is not an object')
  }
  for (const kind of RECORD_KINDS) {
    const byId = (value as Record<string, unknown>)[kind]
    if (byId === undefined) continue
    if (typeof byId !== 'object' || byId === null || Array.isArray(byId)) {
      throw invalid(`"records"."${kind}" is not an object`)
    }
    for (const [id, values] of Object.entries(byId)) {
      if (!DIGITS.test(id) || typeof values !== 'object' || values === null) {
        throw invalid(`"records"."${kind}" has an entry ${JSON.stringify(id)} that is not a record`)
      }
      const kept: EmbeddedValues = {}
      for (const [field, text] of Object.entries(values as Record<string, unknown>)) {
        if (text !== null && typeof text !== 'string') {
          throw invalid(`"records"."${kind}"."${id}"."${field}" is not text`)
        }
        kept[field] = text
      }
      records[kind][id] = kept
    }
  }
  return records
}

function sortedObject<T>(value: Record<string, T>, compare: (a: string, b: string) => number) {
  const sorted: Record<string, T> = {}
  for (const key of Object.keys(value).sort(compare)) sorted[key] = value[key]
  return sorted
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)
const byNumber = (a: string, b: string): number => Number(a) - Number(b)

/** Same state => same bytes: fixed field order, days by date, records by numeric id. */
export function serializeState(state: SyncState): Buffer {
  const records: Record<string, unknown> = {}
  for (const kind of RECORD_KINDS) {
    const byId: Record<string, EmbeddedValues> = {}
    for (const [id, values] of Object.entries(sortedObject(state.records[kind], byNumber))) {
      byId[id] = sortedObject(values, byText)
    }
    records[kind] = byId
  }
  const ordered = {
    version: state.version,
    account_id: state.account_id,
    archive_from: state.archive_from,
    synced_at: state.synced_at,
    days: sortedObject(state.days, byText),
    records,
    ...(state.files && Object.keys(state.files).length > 0
      ? { files: storedFiles(state.files) }
      : {}),
    ...(state.reads && Object.keys(state.reads).length > 0
      ? { reads: storedReads(state.reads) }
      : {})
  }
  return Buffer.from(`${JSON.stringify(ordered, null, 2)}\n`)
}

function storedFiles(files: Record<string, DayFileRecord>): Record<string, unknown> {
  const stored: Record<string, unknown> = {}
  for (const [day, file] of Object.entries(sortedObject(files, byText)))
    stored[day] = { etag: file.etag, made_from: file.madeFrom }
  return stored
}

function storedReads(reads: Record<string, StoredRead>): Record<string, StoredRead> {
  const stored: Record<string, StoredRead> = {}
  for (const [key, read] of Object.entries(sortedObject(reads, byText))) {
    stored[key] = { pages: read.pages, days: sortedObject(read.days, byText) }
  }
  return stored
}

/** What one successful run learned, for `nextState`. */
export interface RunFindings {
  accountId: string
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
      archive_from: archiveFrom,
      synced_at: started ?? fallback,
      days,
      records,
      files,
      ...(reads && { reads })
    }
    return { state, write: true }
  }
  const kept: SyncState = { ...previous, archive_from: archiveFrom, days, records, files, reads }
  const withoutFiles = (state: SyncState): Buffer =>
    serializeState({ ...state, files: undefined, reads: undefined })
  const contentChanged =
    !withoutFiles(kept).equals(withoutFiles(previous)) ||
    (run.wroteObjects === true && !serializeState(kept).equals(serializeState(previous)))
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
