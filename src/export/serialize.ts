import type { TimeEntry } from '../harvest/types.js'
import { utf8Bytes } from '../util/utf8.js'

export const FORMATS = ['json', 'ndjson'] as const
export type Format = (typeof FORMATS)[number]

export const CONTENT_TYPES: Record<Format, string> = {
  json: 'application/json',
  ndjson: 'application/x-ndjson'
}

function createdAtMs(entry: TimeEntry): number {
  const ms = Date.parse(entry.created_at)
  return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms
}

interface SortKey {
  entry: TimeEntry
  created: number
}

function compareKeys(a: SortKey, b: SortKey): number {
  if (a.entry.spent_date !== b.entry.spent_date)
    return a.entry.spent_date < b.entry.spent_date ? -1 : 1
  if (a.created !== b.created) return a.created - b.created
  return Number(a.entry.id) - Number(b.entry.id)
}

/**
 * Sorts in place in day-file order (README, Layouts and formats): spent_date, then created_at as a time, then id as a number.
 * Each created_at is parsed once, not once per comparison.
 */
export function sortEntries(entries: TimeEntry[]): TimeEntry[] {
  const keyed = entries.map((entry) => ({ entry, created: createdAtMs(entry) })).sort(compareKeys)
  keyed.forEach((item, index) => (entries[index] = item.entry))
  return entries
}

/**
 * Serializes already-sorted entries. JSON is `JSON.stringify(entries, null, 2) + "\n"` and
 * NDJSON one `JSON.stringify(entry)` line per entry, so identical data gives identical bytes.
 */
export function serializeEntries(entries: TimeEntry[], format: Format): Buffer {
  // The final newline stays apart from the text (see utf8Bytes), so do NDJSON's line ends:
  // joined, the lines make one flat string.
  if (format === 'ndjson')
    return utf8Bytes(
      entries.map((entry) => JSON.stringify(entry)).join('\n'),
      entries.length > 0 ? '\n' : ''
    )
  return utf8Bytes(JSON.stringify(entries, null, 2), '\n')
}

/**
 * Reads a stored file back into entries. Accepts both formats whatever the configured one
 * is, so switching `format` or adopting the original script's files never loses history.
 * Returns undefined when the bytes are neither.
 */
export function parseEntries(body: Buffer): TimeEntry[] | undefined {
  const text = body.toString('utf8')
  if (text.trim() === '') return []
  try {
    const parsed: unknown = JSON.parse(text)
    if (Array.isArray(parsed)) return parsed.every(isEntry) ? parsed : undefined
    if (isEntry(parsed)) return [parsed]
  } catch {
    // Not one JSON document: try one entry per line.
  }
  try {
    const lines = text.split('\n').filter((line) => line.trim() !== '')
    const entries = lines.map((line): unknown => JSON.parse(line))
    return entries.every(isEntry) ? entries : undefined
  } catch {
    return undefined
  }
}

function isEntry(value: unknown): value is TimeEntry {
  return typeof value === 'object' && value !== null && 'id' in value
}

/**
 * The version of how day files are laid out from entries (`sortEntries`, `serializeEntries`).
 * The state records each day file as made from this version: change it with either function,
 * or reruns would take old files for what the new code writes.
 */
export const DAY_FILE_LAYOUT = 1
