import type { ArchiveLayout } from './archive-shape.js'
import type { Format } from '../export/serialize.js'
import { RECORD_KINDS, type EmbeddedRecords } from './embedded.js'
import type { DayFileRecord, StoredRead } from './memory.js'

export const STATE_VERSION = 1

/**
 * What a prefix's archive holds, so a later run can tell what changed in Harvest without
 * reading the archive back (README, How late edits are caught). Stored at `stateKey(prefix)`.
 * Days are keyed `YYYYMMDD`; `layout`, `format`, `files`, `reads` and `tables` are absent in
 * states written before they were recorded.
 */
export interface SyncState {
  version: typeof STATE_VERSION
  /** The Harvest account the archive mirrors: another account's run must not touch it. */
  account_id: string
  /** A run of another shape must not write beside the archive (`shapeConflict`). */
  layout?: ArchiveLayout
  format?: Format
  /** The earliest day any run of this prefix exported. */
  archive_from: string
  /** Harvest's clock (its `Date` header) when the last sweeping run started reading. */
  synced_at: string
  /** Entries per archived day; days with none are left out. */
  days: Record<string, number>
  /** The embedded names the archive holds per client, project, task and user. */
  records: EmbeddedRecords
  /** Per day file, the ETag it got and what it was made from (`Memory`). */
  files?: Record<string, DayFileRecord>
  /** The last run's complete reads, by `YYYYMMDD-YYYYMMDD` (`ReadMemory`). */
  reads?: Record<string, StoredRead>
  /** Per spent month (`YYYY-MM`), the fingerprint of the day files its table was built from. */
  tables?: Record<string, string>
}

/** The one object under a prefix that is not a day file. */
export function stateKey(prefix: string): string {
  return `${prefix}.harvest-s3-export/state.json`
}

/** Keys in text order unless `compare` says otherwise. */
function sortedObject<T, U = T>(
  value: Record<string, T>,
  map: (item: T) => U = (item) => item as unknown as U,
  compare?: (a: string, b: string) => number
): Record<string, U> {
  const sorted: Record<string, U> = {}
  for (const key of Object.keys(value).sort(compare)) sorted[key] = map(value[key])
  return sorted
}

const byNumber = (a: string, b: string): number => Number(a) - Number(b)
const filled = <T>(value?: Record<string, T>): value is Record<string, T> =>
  value !== undefined && Object.keys(value).length > 0

/** Same state => same bytes: fixed field order, days by date, records by numeric id. */
export function serializeState(state: SyncState): Buffer {
  const records: Record<string, unknown> = {}
  for (const kind of RECORD_KINDS)
    records[kind] = sortedObject(state.records[kind], (values) => sortedObject(values), byNumber)
  const ordered = {
    version: state.version,
    account_id: state.account_id,
    ...(state.layout !== undefined && { layout: state.layout }),
    ...(state.format !== undefined && { format: state.format }),
    archive_from: state.archive_from,
    synced_at: state.synced_at,
    days: sortedObject(state.days),
    records,
    ...(filled(state.files) && {
      files: sortedObject(state.files, (file) => ({ etag: file.etag, made_from: file.madeFrom }))
    }),
    ...(filled(state.reads) && {
      reads: sortedObject(state.reads, (read) => ({
        pages: read.pages,
        days: sortedObject(read.days)
      }))
    }),
    ...(filled(state.tables) && { tables: sortedObject(state.tables) })
  }
  return Buffer.from(`${JSON.stringify(ordered, null, 2)}\n`)
}

/** `Date` header or ISO text -> `YYYY-MM-DDTHH:MM:SSZ`, or undefined when it is no instant. */
export function normalizeInstant(text: string): string | undefined {
  const ms = Date.parse(text)
  if (Number.isNaN(ms)) return undefined
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z')
}
