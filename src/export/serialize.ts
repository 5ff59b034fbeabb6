import type { TimeEntry } from '../harvest/types.js'
import { utf8Bytes } from '../util/utf8.js'

export const FORMATS = ['json', 'ndjson'] as const
export type Format = (typeof FORMATS)[number]

export const CONTENT_TYPES: Record<Format, string> = {
  json: 'application/json',
  ndjson: 'application/x-ndjson'
}

/**
 * Sorts in place in day-file order (README, Layouts and formats): spent_date, created_at as a
 * time (parsed once per entry, not per comparison), id as a number.
 */
export function sortEntries(entries: TimeEntry[]): TimeEntry[] {
  const keyed = entries.map((entry) => {
    const created = Date.parse(entry.created_at)
    return { entry, created: Number.isNaN(created) ? Number.NEGATIVE_INFINITY : created }
  })
  keyed.sort((a, b) => {
    if (a.entry.spent_date !== b.entry.spent_date)
      return a.entry.spent_date < b.entry.spent_date ? -1 : 1
    if (a.created !== b.created) return a.created - b.created
    return Number(a.entry.id) - Number(b.entry.id)
  })
  keyed.forEach((item, index) => (entries[index] = item.entry))
  return entries
}

/** Identical data gives identical bytes. The final newline stays apart (see utf8Bytes). */
export function serializeEntries(entries: TimeEntry[], format: Format): Buffer {
  if (format === 'ndjson')
    return utf8Bytes(
      entries.map((entry) => JSON.stringify(entry)).join('\n'),
      entries.length > 0 ? '\n' : ''
    )
  return utf8Bytes(JSON.stringify(entries, null, 2), '\n')
}

/**
 * Either format whatever `format` is now, so switching it or adopting the original script's
 * files never loses history. Undefined when the bytes are neither.
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
 * How day files are laid out (`sortEntries`, `serializeEntries`), as the state records them:
 * change it with either, or reruns would take old files for what the new code writes.
 */
export const DAY_FILE_LAYOUT = 1
