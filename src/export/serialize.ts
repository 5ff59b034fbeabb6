import type { TimeEntry } from '../harvest/types.js'

export type Format = 'json' | 'ndjson'

export const CONTENT_TYPES: Record<Format, string> = {
  json: 'application/json',
  ndjson: 'application/x-ndjson'
}

function createdAtMs(entry: TimeEntry): number {
  const ms = Date.parse(entry.created_at)
  return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms
}

/** SPEC order: spent_date, then created_at as a time, then id as a number. */
export function compareEntries(a: TimeEntry, b: TimeEntry): number {
  if (a.spent_date !== b.spent_date) return a.spent_date < b.spent_date ? -1 : 1
  const byCreated = createdAtMs(a) - createdAtMs(b)
  if (byCreated !== 0) return byCreated
  return Number(a.id) - Number(b.id)
}

export function sortEntries(entries: TimeEntry[]): TimeEntry[] {
  return entries.sort(compareEntries)
}

/**
 * Serializes already-sorted entries. JSON is `JSON.stringify(entries, null, 2) + "\n"` and
 * NDJSON one `JSON.stringify(entry)` line per entry, so identical data gives identical bytes.
 */
export function serializeEntries(entries: TimeEntry[], format: Format): Buffer {
  if (format === 'ndjson')
    return Buffer.from(entries.map((entry) => JSON.stringify(entry) + '\n').join(''))
  return Buffer.from(JSON.stringify(entries, null, 2) + '\n')
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
    const entries: unknown[] = lines.map((line) => JSON.parse(line))
    return entries.every(isEntry) ? entries : undefined
  } catch {
    return undefined
  }
}

function isEntry(value: unknown): value is TimeEntry {
  return typeof value === 'object' && value !== null && 'id' in value
}
