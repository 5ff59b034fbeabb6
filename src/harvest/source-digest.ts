import { createHash, type Hash } from 'node:crypto'
import type { TimeEntriesPage, TimeEntry } from './types.js'

/**
 * A digest of the exact bytes Harvest sent for one day's entries. Equal digests mean equal
 * entries, so the day file made from them is byte for byte the one made last time: a
 * rerun can tell an unchanged day without serializing and hashing its file again.
 *
 * The bytes are located in the page body, never re-serialized: where they cannot be located
 * exactly (a body not laid out as Harvest's compact JSON), the page has no digest and the
 * days it touches get no digest, so they take the full path.
 */

/** Each entry's byte span in its page's body: entry i is `body[starts[i], starts[i + 1] - 1)`. */
interface EntrySpans {
  body: Buffer
  /** n + 1 offsets: where each entry starts, then one past the comma the last one would have. */
  starts: Uint32Array
}

/** Pages the client located; pages made any other way (test doubles) have no digest. */
const spans = new WeakMap<TimeEntriesPage, EntrySpans>()

const ARRAY_KEY = '"time_entries":['
const ARRAY_START = Buffer.from(`${ARRAY_KEY}{"id":`)
const BETWEEN = Buffer.from('},{"id":')
const ARRAY_END = Buffer.from('}]')
/** `{"id":` */
const ENTRY_OPEN = 6
const DIGIT_0 = 0x30
const DIGIT_9 = 0x39

/** Whether the digits at `at` are exactly `id`'s, followed by a non-digit. */
function idAt(body: Buffer, at: number, id: number): boolean {
  let value = 0
  let end = at
  while (end < body.length && body[end] >= DIGIT_0 && body[end] <= DIGIT_9) {
    value = value * 10 + (body[end] - DIGIT_0)
    end++
  }
  return end > at && end - at <= 16 && value === id
}

/**
 * Finds every entry's bytes in `body`, `page` being its parse. Exact or nothing: each
 * entry must start `{"id":<its id>` right after the array's start or a `},` and the last
 * one's bytes must parse to the last entry. `},{"id":` cannot occur inside a string, so
 * only an array of objects nested in an entry makes a false boundary; its starts could
 * carry the ids of the entries after it (and hide their bytes), so a body with more of
 * them than the n - 1 boundaries is not located. (Only a body with whitespace between some
 * entries and such a list could still pass: Harvest's bodies have none.)
 */
export function locateEntries(page: TimeEntriesPage, body: Buffer): void {
  const entries = page.time_entries
  const n = entries.length
  if (n === 0) return
  const starts = new Uint32Array(n + 1)
  const first = body.indexOf(ARRAY_START)
  if (first < 0) return
  starts[0] = first + ARRAY_KEY.length
  for (let i = 0; ; i++) {
    if (!idAt(body, starts[i] + ENTRY_OPEN, entries[i]?.id)) return
    if (i === n - 1) break
    const between = body.indexOf(BETWEEN, starts[i])
    if (between < 0) return
    starts[i + 1] = between + 2
  }
  if (body.indexOf(BETWEEN, starts[n - 1]) >= 0) return
  const end = lastEntryEnd(body, starts[n - 1], entries[n - 1])
  if (end === undefined) return
  starts[n] = end + 1
  spans.set(page, { body, starts })
}

/** Where the last entry's bytes end: at a `}]` up to which they parse to that entry. */
function lastEntryEnd(body: Buffer, start: number, entry: TimeEntry): number | undefined {
  for (let at = body.indexOf(ARRAY_END, start); at >= 0; at = body.indexOf(ARRAY_END, at + 1)) {
    try {
      const text = body.toString('utf8', start, at + 1)
      // Same JSON text from the same parser: equal exactly when the values are (and cheaper
      // than a deep comparison); a different key order only costs the page its digests.
      if (JSON.stringify(JSON.parse(text)) === JSON.stringify(entry)) return at + 1
    } catch {
      // Not the end of the entry: a nested array of objects closes here.
    }
  }
  return undefined
}

/** Folds the tool's version of the day file layout in, so a change of it changes every digest. */
export const DIGEST_SEED = 'harvest-s3-export day bytes 1\n'
const COMMA = Buffer.from(',')

/**
 * Digests the days of one complete read from its pages, in the order Harvest sent them
 * (newest day first, a day's entries contiguous even across pages). `take` picks the
 * entries of a page that belong to the read (the whole-window page lends its newest days).
 * Any page not located leaves the read without digests.
 */
export class DayDigests {
  private readonly hashes = new Map<string, Hash>()
  private usable = true

  add(page: TimeEntriesPage, take?: (entry: TimeEntry) => boolean): void {
    if (!this.usable) return
    const located = spans.get(page)
    // Each page is digested once: its body is let go now, not with the page.
    spans.delete(page)
    if (!located) {
      this.usable = this.usable && page.time_entries.length === 0
      return
    }
    const { body, starts } = located
    const entries = page.time_entries
    let i = 0
    while (i < entries.length) {
      const date = entries[i].spent_date
      let j = i + 1
      while (j < entries.length && entries[j].spent_date === date) j++
      if (!take || take(entries[i])) {
        let hash = this.hashes.get(date)
        if (hash) hash.update(COMMA)
        else this.hashes.set(date, (hash = createHash('sha256').update(DIGEST_SEED)))
        hash.update(body.subarray(starts[i], starts[j] - 1))
      }
      i = j
    }
  }

  /** Per date of the read, its digest (days without entries share one); undefined when a page was not located. */
  finish(): ((date: string) => string) | undefined {
    if (!this.usable) return undefined
    const digests = new Map<string, string>()
    for (const [date, hash] of this.hashes) digests.set(date, digestText(hash))
    return (date) => digests.get(date) ?? EMPTY_DAY_DIGEST
  }
}

function digestText(hash: Hash): string {
  return hash.digest('base64url').slice(0, 22)
}

/** The digest of a day without entries. */
export const EMPTY_DAY_DIGEST = digestText(createHash('sha256').update(DIGEST_SEED))
