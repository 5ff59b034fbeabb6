import { HarvestError } from '../errors.js'
import { locateEntries } from './source-digest.js'
import type { TimeEntriesPage, TimeEntry } from './types.js'

/**
 * A page of time entries whose entries are parsed only when first asked for. Its paging
 * fields (`total_entries`, `links`, ...) are read at once from the short tail after the
 * entries, so a walk can follow `links.next` and check totals without parsing: a read whose
 * entries turn out to be byte for byte the last run's (`state/read-memory.ts`) is never parsed.
 *
 * Harvest's body is `{"time_entries":[...],"per_page":...,"links":{...}}`. `],"per_page":`
 * can only be the end of that array: inside a string its quotes would be escaped, and the
 * fields after the array hold no arrays. A body laid out any other way is parsed at once.
 */

const HEAD = Buffer.from('{"time_entries":[')
const TAIL = Buffer.from('],"per_page":')

interface DeferredBody {
  body: Buffer
  /** Where the tail starts: `body[0, entriesEnd)` holds the entries and nothing else. */
  entriesEnd: number
}

/** What a page says besides its entries. */
type PagingFields = Pick<TimeEntriesPage, 'total_entries' | 'links'> & Record<string, unknown>

const bodies = new WeakMap<TimeEntriesPage, DeferredBody>()

const UTF8 = new TextDecoder()

/**
 * The page `body` holds, its entries parsed on first use, or undefined when the tail cannot
 * be read (the caller then parses the body whole, with its own errors).
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
