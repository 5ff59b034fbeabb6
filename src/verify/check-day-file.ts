import { parseEntries, serializeEntries, sortEntries, type Format } from '../export/serialize.js'
import type { StoredObject } from '../store/store.js'
import { sha256Hex } from '../util/hash.js'
import type { Problem } from './problems.js'

/** Where each entry id was first seen, across the whole archive. */
export type SeenIds = Map<number, string>

/** A key as the problem table shows it: without the prefix, so a long prefix stays readable. */
const shortKey = (key: string, prefix: string) =>
  key.startsWith(prefix) ? key.slice(prefix.length) : key

/**
 * Checks one day file's bytes the way the exporter writes them: they parse; every entry is of
 * the file's own day; the entries are in day-file order and serialized exactly (format,
 * indentation, final newline); no id is in another day file; and the SHA-256 the exporter
 * stored beside the bytes still matches them. Returns the problems and the entries counted.
 */
export function checkDayFile(
  object: StoredObject & { key: string },
  date: string,
  format: Format,
  prefix: string,
  seen: SeenIds
): { problems: Problem[]; entries: number } {
  const problems: Problem[] = []
  const problem = (kind: Problem['kind'], detail: string) =>
    problems.push({ kind, key: object.key, detail })
  if (object.sha256 !== undefined && object.sha256 !== sha256Hex(object.body))
    problem('sha256', 'sha256 metadata differs: changed outside harvest-s3-export')
  const entries = parseEntries(object.body)
  if (entries === undefined) {
    problem('unreadable', format === 'json' ? 'not valid JSON' : 'not valid NDJSON')
    return { problems, entries: 0 }
  }
  for (const entry of entries) {
    if (entry.spent_date !== date)
      problem('wrong-day', `entry ${String(entry.id)} belongs to ${String(entry.spent_date)}`)
    const other = seen.get(entry.id)
    if (other !== undefined)
      problem('duplicate-id', `duplicate id ${String(entry.id)} also in ${shortKey(other, prefix)}`)
    else seen.set(entry.id, object.key)
  }
  const sorted = sortEntries([...entries])
  if (sorted.some((entry, index) => entry !== entries[index])) problem('not-sorted', 'not sorted')
  else if (!serializeEntries(entries, format).equals(object.body))
    problem('not-canonical', `not serialized as harvest-s3-export writes ${format}`)
  return { problems, entries: entries.length }
}
