/**
 * The bytes Harvest sent for a page's entries: parsed on first use (`deferredPage`), digested per
 * day (`DayDigests`: equal digest, same day file as last time) and per walk (`PagesFingerprint`:
 * the last run's pages need no parse). Bytes are located exactly, never re-serialized, or not used.
 */
import { createHash, type Hash } from 'node:crypto'
import { HarvestError } from '../errors.js'
import type { TimeEntriesPage, TimeEntry } from './types.js'

const UTF8 = new TextDecoder()

/*
 * Harvest's body is `{"time_entries":[...],"per_page":...,"links":{...}}`. `],"per_page":`
 * can only be the end of that array: inside a string its quotes would be escaped, and the
 * fields after the array hold no arrays. A body laid out any other way is parsed at once.
 */
const HEAD = Buffer.from('{"time_entries":[')
const TAIL = Buffer.from('],"per_page":')

/** A deferred page's body; `body[0, entriesEnd)` holds the entries and nothing else. */
const bodies = new WeakMap<TimeEntriesPage, { body: Buffer; entriesEnd: number }>()

/** What a page says besides its entries. */
type PagingFields = Pick<TimeEntriesPage, 'total_entries' | 'links'> & Record<string, unknown>

/**
 * The page `body` holds, its paging fields read from the tail after the entries and its
 * entries parsed on first use; undefined when the tail cannot be read (parse it whole then).
 */
export function deferredPage(body: Buffer): TimeEntriesPage | undefined {
  if (body.length < HEAD.length || !body.subarray(0, HEAD.length).equals(HEAD)) return undefined
  const end = body.lastIndexOf(TAIL)
  if (end < HEAD.length) return undefined
  let tail: unknown
  try {
    tail = JSON.parse(`{${body.toString('utf8', end + 2)}`)
  } catch {
    return undefined
  }
  if (typeof tail !== 'object' || tail === null || 'time_entries' in tail) return undefined
  const fields = tail as PagingFields
  let entries: TimeEntry[] | undefined
  let bytes: Buffer | undefined = body
  const page: TimeEntriesPage = {
    ...fields,
    get time_entries(): TimeEntry[] {
      if (entries) return entries
      entries = parseEntries(bytes!, fields)
      locateEntries(page, bytes!)
      // Parsed, the page lets its bytes go (its digests keep them until taken).
      bodies.delete(page)
      bytes = undefined
      return entries
    }
  }
  bodies.set(page, { body, entriesEnd: end + 1 })
  return page
}

/** The bytes of a deferred page's entries (the array, without the paging fields). */
export function entryBytes(page: TimeEntriesPage): Buffer | undefined {
  const deferred = bodies.get(page)
  return deferred && deferred.body.subarray(0, deferred.entriesEnd)
}

function parseEntries(body: Buffer, tail: PagingFields): TimeEntry[] {
  let whole: TimeEntriesPage
  try {
    whole = JSON.parse(UTF8.decode(body)) as TimeEntriesPage
  } catch {
    throw new HarvestError('Harvest returned a page of time entries that is not valid JSON.')
  }
  // Parsed whole, the body must say what its tail said: the walk already went by it.
  if (
    !Array.isArray(whole.time_entries) ||
    whole.total_entries !== tail.total_entries ||
    (whole.links?.next ?? null) !== (tail.links?.next ?? null)
  ) {
    throw new HarvestError(
      'Harvest returned a page of time entries whose paging fields are ambiguous.'
    )
  }
  return whole.time_entries
}

/** Each located page's entry spans: entry i is `body[starts[i], starts[i + 1] - 1)`. */
const spans = new WeakMap<TimeEntriesPage, { body: Buffer; starts: Uint32Array }>()

const ARRAY_KEY = '"time_entries":['
const ARRAY_START = Buffer.from(`${ARRAY_KEY}{"id":`)
const BETWEEN = Buffer.from('},{"id":')
const ARRAY_END = Buffer.from('}]')
/** `{"id":` */
const ENTRY_OPEN = 6

/** Whether the digits at `at` are exactly `id`'s. */
function idAt(body: Buffer, at: number, id: number): boolean {
  let value = 0
  let end = at
  while (end < body.length && body[end] >= 0x30 && body[end] <= 0x39) {
    value = value * 10 + (body[end] - 0x30)
    end++
  }
  return end > at && end - at <= 16 && value === id
}

/**
 * Finds every entry's bytes in `body` (`page` its parse), exactly or not at all: each starts
 * `{"id":<its id>`, the last parses to the last entry. `},{"id":` occurs in no string, so only
 * nested arrays of objects add boundaries: a body with more than n - 1 is not located.
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
const DIGEST_SEED = 'harvest-s3-export day bytes 1\n'
const COMMA = Buffer.from(',')

function digestText(hash: Hash): string {
  return hash.digest('base64url').slice(0, 22)
}

export const EMPTY_DAY_DIGEST = digestText(createHash('sha256').update(DIGEST_SEED))

/**
 * Digests the days of one complete read from its pages, in Harvest's order (a day's entries
 * are contiguous even across pages). `take` picks the entries of a page that belong to the
 * read (the whole-window page lends its newest days). A page not located leaves none.
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

  /** Per date of the read, its digest; undefined when a page was not located. */
  finish(): ((date: string) => string) | undefined {
    if (!this.usable) return undefined
    const digests = new Map<string, string>()
    for (const [date, hash] of this.hashes) digests.set(date, digestText(hash))
    return (date) => digests.get(date) ?? EMPTY_DAY_DIGEST
  }
}

/** A digest of the entry bytes of a walk's pages, in order; undefined if one was not deferred. */
export class PagesFingerprint {
  // The day digests' seed is folded in: a release that digests days anew must not be handed
  // the old digests by a record of the same pages.
  private readonly hash = createHash('sha256').update(`harvest-s3-export pages 1\n${DIGEST_SEED}`)
  private usable = true

  add(page: TimeEntriesPage): void {
    const bytes = this.usable ? entryBytes(page) : undefined
    if (!bytes) {
      this.usable = false
      return
    }
    const length = Buffer.allocUnsafe(4)
    length.writeUInt32BE(bytes.length)
    this.hash.update(length).update(bytes)
  }

  finish(): string | undefined {
    return this.usable ? digestText(this.hash) : undefined
  }
}
