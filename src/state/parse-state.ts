import { ExportError } from '../errors.js'
import { FORMATS } from '../export/serialize.js'
import { ARCHIVE_LAYOUTS } from './archive-shape.js'
import { expandDate, isIsoDate } from '../util/calendar.js'
import {
  RECORD_KINDS,
  emptyRecords,
  type EmbeddedRecords,
  type EmbeddedValues
} from './embedded.js'
import type { DayFileRecord, StoredRead } from './memory.js'
import { STATE_VERSION, normalizeInstant, type SyncState } from './sync-state.js'
import { isJsonObject } from '../util/json-object.js'

const COMPACT_DATE = /^\d{8}$/
const DIGITS = /^\d+$/

/** A stored state this release cannot use; `problem` says why (verify reports it). */
export class UnusableStateError extends ExportError {
  constructor(
    key: string,
    readonly problem: string
  ) {
    super(
      `The state object ${key} cannot be used: ${problem}. It is written by harvest-s3-export; ` +
        'if it was edited or written by another tool, restore it or delete it on purpose ' +
        '(the next run then records a new one and catches late changes from the run after).'
    )
  }
}

type Invalid = (problem: string) => ExportError

/**
 * Reads a stored state. Anything this release cannot trust (another version, a missing or
 * malformed field) fails the run naming the key and the field, before anything is written:
 * guessing would risk sweeping with wrong counts.
 */
export function parseState(text: string, key: string): SyncState {
  const invalid = (problem: string): ExportError => new UnusableStateError(key, problem)
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw invalid('it is not JSON')
  }
  if (!isJsonObject(value)) throw invalid('it is not a JSON object')
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
  if (typeof accountId !== 'string' || !DIGITS.test(accountId))
    throw invalid('"account_id" is not a Harvest account id (digits)')
  const layout = parseChoice(value, 'layout', ARCHIVE_LAYOUTS, invalid)
  const format = parseChoice(value, 'format', FORMATS, invalid)
  if (typeof value.archive_from !== 'string' || !isIsoDate(value.archive_from))
    throw invalid('"archive_from" is not a date written YYYY-MM-DD')
  const syncedAt =
    typeof value.synced_at === 'string' ? normalizeInstant(value.synced_at) : undefined
  if (syncedAt === undefined) throw invalid('"synced_at" is not a date and time')
  const days = parseDays(value.days, invalid)
  const records = parseRecords(value.records, invalid)
  const files = parseFiles(value.files)
  const reads = parseReads(value.reads)
  const tables = parseTables(value.tables, invalid)
  return {
    version: STATE_VERSION,
    account_id: accountId,
    ...(layout !== undefined && { layout }),
    ...(format !== undefined && { format }),
    archive_from: value.archive_from,
    synced_at: syncedAt,
    days,
    records,
    ...(files && { files }),
    ...(reads && { reads }),
    ...(tables && { tables })
  }
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/

/**
 * What each month's table was built from. Absent in states written before tables; present,
 * it must be right: a wrong record could leave a table behind its day files unnoticed.
 */
function parseTables(value: unknown, invalid: Invalid): Record<string, string> | undefined {
  if (value === undefined) return undefined
  if (!isJsonObject(value)) throw invalid('"tables" is not an object of months')
  const tables: Record<string, string> = {}
  for (const [month, fingerprint] of Object.entries(value)) {
    if (!MONTH.test(month))
      throw invalid(`"tables" has the key ${JSON.stringify(month)}, not a month written YYYY-MM`)
    if (typeof fingerprint !== 'string' || fingerprint === '')
      throw invalid(`"tables"."${month}" is not a fingerprint (text)`)
    tables[month] = fingerprint
  }
  return tables
}

/**
 * A recorded choice (`layout`, `format`): absent in states written before it was recorded,
 * but one this release does not know would bind the prefix to nothing it can check.
 */
function parseChoice<T extends string>(
  value: Record<string, unknown>,
  field: string,
  accepted: readonly T[],
  invalid: Invalid
): T | undefined {
  const choice = value[field]
  if (choice === undefined) return undefined
  if (typeof choice !== 'string' || !(accepted as readonly string[]).includes(choice))
    throw invalid(`"${field}" is ${JSON.stringify(choice)}, not ${accepted.join(' or ')}`)
  return choice as T
}

/** A shortcut: a wrong-looking record is left out (its day compared in full), never failing. */
function parseFiles(value: unknown): Record<string, DayFileRecord> | undefined {
  if (!isJsonObject(value)) return undefined
  const files: Record<string, DayFileRecord> = {}
  for (const [day, record] of Object.entries(value)) {
    if (!COMPACT_DATE.test(day) || !isJsonObject(record)) continue
    const { etag, made_from: madeFrom } = record
    if (typeof etag === 'string' && typeof madeFrom === 'string' && etag !== '' && madeFrom !== '')
      files[day] = { etag, madeFrom }
  }
  return files
}

const READ_KEY = /^(\d{8})-(\d{8})$/

/** Like `files`, only a shortcut: a read that does not look right is left out. */
function parseReads(value: unknown): Record<string, StoredRead> | undefined {
  if (!isJsonObject(value)) return undefined
  const reads: Record<string, StoredRead> = {}
  for (const [key, read] of Object.entries(value)) {
    const range = READ_KEY.exec(key)
    if (!range || !isIsoDate(expandDate(range[1])) || !isIsoDate(expandDate(range[2]))) continue
    if (range[1] > range[2] || !isJsonObject(read)) continue
    const { pages, days } = read
    if (typeof pages !== 'string' || pages === '' || !isJsonObject(days)) continue
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

function parseDays(value: unknown, invalid: Invalid): Record<string, number> {
  if (!isJsonObject(value)) throw invalid('"days" is not an object of day counts')
  const days: Record<string, number> = {}
  for (const [day, count] of Object.entries(value)) {
    if (!COMPACT_DATE.test(day) || !isIsoDate(expandDate(day)))
      throw invalid(`"days" has the key ${JSON.stringify(day)}, not a date written YYYYMMDD`)
    if (!Number.isSafeInteger(count) || (count as number) < 0)
      throw invalid(`"days"."${day}" is ${JSON.stringify(count)}, not a count of entries`)
    if ((count as number) > 0) days[day] = count as number
  }
  return days
}

function parseRecords(value: unknown, invalid: Invalid): EmbeddedRecords {
  const records = emptyRecords()
  if (value === undefined) return records
  if (!isJsonObject(value)) throw invalid('"records" is not an object')
  for (const kind of RECORD_KINDS) {
    const byId = value[kind]
    if (byId === undefined) continue
    if (!isJsonObject(byId)) throw invalid(`"records"."${kind}" is not an object`)
    for (const [id, values] of Object.entries(byId)) {
      if (!DIGITS.test(id) || typeof values !== 'object' || values === null)
        throw invalid(`"records"."${kind}" has an entry ${JSON.stringify(id)} that is not a record`)
      const kept: EmbeddedValues = {}
      for (const [field, text] of Object.entries(values as Record<string, unknown>)) {
        if (text !== null && typeof text !== 'string')
          throw invalid(`"records"."${kind}"."${id}"."${field}" is not text`)
        kept[field] = text
      }
      records[kind][id] = kept
    }
  }
  return records
}
