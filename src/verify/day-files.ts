import { dateOfKey, type KeyScheme } from '../export/layout.js'
import { parseEntries, serializeEntries, sortEntries, type Format } from '../export/serialize.js'
import type { ListedObject, Store, StoredObject } from '../store/store.js'
import { sha256Hex } from '../util/hash.js'
import type { Finding, Problem } from './findings.js'

/** Where each entry id was first seen, across the whole archive. */
export type SeenIds = Map<number, string>

/** A day file's problem, with the other day it is about: the entry's own, or another file's. */
type DayProblem = Problem & { entryDay?: string; otherKey?: string }

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
): { problems: DayProblem[]; entries: number } {
  const problems: DayProblem[] = []
  const problem = (kind: Problem['kind'], detail: string, about?: Partial<DayProblem>) =>
    problems.push({ kind, key: object.key, detail, ...about })
  if (object.sha256 !== undefined && object.sha256 !== sha256Hex(object.body))
    problem('sha256', 'sha256 metadata differs: changed outside harvest-s3-export')
  const entries = parseEntries(object.body)
  if (entries === undefined) {
    problem('unreadable', format === 'json' ? 'not valid JSON' : 'not valid NDJSON')
    return { problems, entries: 0 }
  }
  for (const entry of entries) {
    if (entry.spent_date !== date) {
      const day = String(entry.spent_date)
      problem('wrong-day', `entry ${String(entry.id)} belongs to ${day}`, { entryDay: day })
    }
    const other = seen.get(entry.id)
    if (other === undefined) seen.set(entry.id, object.key)
    else {
      // The problem table shows the key without the prefix, so a long prefix stays readable.
      const short = other.startsWith(prefix) ? other.slice(prefix.length) : other
      const detail = `duplicate id ${String(entry.id)} also in ${short}`
      problem('duplicate-id', detail, { otherKey: other })
    }
  }
  const sorted = sortEntries([...entries])
  if (sorted.some((entry, index) => entry !== entries[index])) problem('not-sorted', 'not sorted')
  else if (!serializeEntries(entries, format).equals(object.body))
    problem('not-canonical', `not serialized as harvest-s3-export writes ${format}`)
  return { problems, entries: entries.length }
}

/**
 * Reads `keys` with at most `ahead` GETs in flight and hands each object to `visit` in key
 * order, so results do not depend on which GET answers first and at most `ahead` bodies are
 * held at a time however large the archive grows. An object gone since the LIST is
 * `undefined`. The first failed read fails the whole walk, once the reads in flight settle.
 */
export async function readInOrder(
  keys: readonly string[],
  ahead: number,
  get: (key: string) => Promise<StoredObject | undefined>,
  visit: (key: string, object: StoredObject | undefined, index: number) => void
): Promise<void> {
  const pending: Array<Promise<StoredObject | undefined>> = []
  let next = 0
  try {
    for (let index = 0; index < keys.length; index++) {
      while (next < keys.length && pending.length < Math.max(1, ahead)) {
        const read = get(keys[next++])
        // Awaited in turn below: a failure ahead of its turn is not unhandled meanwhile.
        read.catch(() => undefined)
        pending.push(read)
      }
      visit(keys[index], await pending.shift()!, index)
    }
  } finally {
    await Promise.allSettled(pending)
  }
}

/**
 * Checks every listed day file (`checkDayFile`), reading each once, `ahead` at a time, in
 * key order. Each finding names the months a backfill must cover to repair it: the file's
 * own, and that of the entry's real day or of the other file holding a duplicate id.
 * Returns the findings, the entries per file's date (undefined where the file is unreadable)
 * and, for the table checks, the entry ids per month of `keepIds`.
 */
export async function readDayFiles(
  store: Store,
  scheme: KeyScheme,
  days: ReadonlyMap<string, ListedObject>,
  options: {
    ahead: number
    /** Months whose ids are kept (those with a table to compare). */
    keepIds: ReadonlySet<string>
    progress?: (checked: number, total: number) => void
  }
) {
  const read = {
    findings: [] as Finding[],
    counts: new Map<string, number | undefined>(),
    monthIds: new Map<string, number[]>(),
    entries: 0
  }
  const seen: SeenIds = new Map()
  const dates = [...days.keys()]
  const keys = dates.map((date) => days.get(date)!.key)
  const monthOf = (date: string | undefined) => date?.match(/^\d{4}-\d{2}(?=-\d{2})/)?.[0]
  await readInOrder(
    keys,
    options.ahead,
    (key) => store.get(key),
    (key, object, index) => {
      const date = dates[index]
      const month = date.slice(0, 7)
      options.progress?.(index + 1, keys.length)
      // Deleted since the LIST: another writer's business, not damage.
      if (object === undefined) return
      const checked = checkDayFile({ ...object, key }, date, scheme.format, scheme.prefix, seen)
      for (const { entryDay, otherKey, ...problem } of checked.problems) {
        const other = otherKey === undefined ? entryDay : dateOfKey(scheme, otherKey)
        const months = new Set([month, monthOf(other) ?? month])
        read.findings.push({ problem, months: [...months] })
      }
      const unreadable = checked.problems.some((problem) => problem.kind === 'unreadable')
      read.counts.set(date, unreadable ? undefined : checked.entries)
      read.entries += checked.entries
      if (options.keepIds.has(month) && !unreadable) {
        const ids = read.monthIds.get(month) ?? read.monthIds.set(month, []).get(month)!
        for (const entry of parseEntries(object.body) ?? []) ids.push(Number(entry.id))
      }
    }
  )
  return read
}
