/**
 * Query parsing, keyset cursors and page bodies for the simulated `GET /v2/time_entries`.
 *
 * Pure functions over an array already sorted in Harvest order, so the HTTP layer stays thin
 * and every page costs two or three binary searches plus a slice, however large the data set.
 */
import type { TimeEntry } from '../src/harvest/types.js'
import { isIsoDate } from '../src/util/calendar.js'
import { compareEntries, type SortKey } from './harvest-data.js'
import {
  applyEntryFilters,
  hasFilters,
  parseEntryFilters,
  type EntryFilters
} from './entry-filters.js'

export const TIME_ENTRIES_PATH = '/v2/time_entries'

/** A cursor names a position between two entries: after (or before) an entry's sort key. */
interface Cursor {
  direction: 'after' | 'before'
  key: SortKey
  from: string | null
  to: string | null
  perPage: number
}

export interface ListQuery {
  from: string | null
  to: string | null
  perPage: number
  /** Page-number pagination; null in cursor mode (which is also the mode of a bare first request). */
  page: number | null
  cursor: Cursor | null
  /** updated_since, user_id, client_id, project_id, task_id, is_running. */
  filters: EntryFilters
}

// ---------------------------------------------------------------------------------------------
// Cursor encoding
// ---------------------------------------------------------------------------------------------

/** Opaque to clients: base64url JSON, shaped like Harvest's own `{"after":{...}}` cursors. */
function encodeCursor(cursor: Cursor): string {
  const { spent_date, created_at, id } = cursor.key
  const json = {
    [cursor.direction]: { spent_date, created_at, id },
    from: cursor.from,
    to: cursor.to,
    per_page: cursor.perPage
  }
  return Buffer.from(JSON.stringify(json)).toString('base64url')
}

function decodeCursor(text: string): Cursor | null {
  let raw: unknown
  try {
    raw = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'))
  } catch {
    return null
  }
  if (!isRecord(raw)) return null
  const direction = isRecord(raw.after) ? 'after' : isRecord(raw.before) ? 'before' : null
  if (!direction) return null
  const key = toSortKey(raw[direction])
  const from = raw.from ?? null
  const to = raw.to ?? null
  const perPage = raw.per_page
  if (!key || !isOptionalDate(from) || !isOptionalDate(to)) return null
  if (typeof perPage !== 'number' || !Number.isInteger(perPage) || perPage < 1) return null
  return { direction, key, from, to, perPage }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isOptionalDate(value: unknown): value is string | null {
  return value === null || (typeof value === 'string' && isIsoDate(value))
}

function toSortKey(value: unknown): SortKey | null {
  if (!isRecord(value)) return null
  const { spent_date, created_at, id } = value
  if (typeof spent_date !== 'string' || typeof created_at !== 'string') return null
  if (typeof id !== 'number' || !Number.isFinite(id)) return null
  return { spent_date, created_at, id }
}

// ---------------------------------------------------------------------------------------------
// Query parsing
// ---------------------------------------------------------------------------------------------

type ParsedQuery = { ok: true; query: ListQuery } | { ok: false; message: string }

/**
 * Validates what Harvest validates. Explicit query parameters win over the values a cursor
 * carries, and the cursor wins over `page` (Harvest: "cursor takes precedence if both provided").
 */
export function parseListQuery(params: URLSearchParams, maxPerPage: number): ParsedQuery {
  let cursor: Cursor | null = null
  const cursorText = params.get('cursor')
  if (cursorText !== null) {
    cursor = decodeCursor(cursorText)
    if (!cursor) return { ok: false, message: 'The cursor parameter is invalid.' }
  }
  const from = params.get('from')
  const to = params.get('to')
  for (const [name, value] of [
    ['from', from],
    ['to', to]
  ] as const) {
    if (value !== null && !isIsoDate(value)) {
      return {
        ok: false,
        message: `Invalid ${name} date: ${JSON.stringify(value)}; expected YYYY-MM-DD.`
      }
    }
  }
  const perPage = parsePositiveInt(params.get('per_page')) ?? cursor?.perPage ?? maxPerPage
  if (Number.isNaN(perPage) || perPage > maxPerPage) {
    return { ok: false, message: `per_page must be an integer between 1 and ${maxPerPage}.` }
  }
  const page = cursor ? null : parsePositiveInt(params.get('page'))
  if (Number.isNaN(page)) return { ok: false, message: 'page must be a positive integer.' }
  const filters = parseEntryFilters(params)
  if (!filters.ok) return filters
  return {
    ok: true,
    query: {
      from: from ?? cursor?.from ?? null,
      to: to ?? cursor?.to ?? null,
      perPage,
      page,
      cursor,
      filters: filters.filters
    }
  }
}

/** null when absent, NaN when present but not a positive integer. */
function parsePositiveInt(value: string | null): number | null {
  if (value === null) return null
  if (!/^\d+$/.test(value)) return NaN
  const n = Number(value)
  return n >= 1 ? n : NaN
}

// ---------------------------------------------------------------------------------------------
// Binary searches over the sorted entries
// ---------------------------------------------------------------------------------------------

/** First index in [lo, hi) for which `isPast` holds; `isPast` must be monotonic over the range. */
function firstIndex(lo: number, hi: number, isPast: (i: number) => boolean): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (isPast(mid)) hi = mid
    else lo = mid + 1
  }
  return lo
}

/** [start, end) of the entries whose spent_date lies in [from, to] (dates sort descending). */
function dateRange(sorted: readonly TimeEntry[], from: string | null, to: string | null) {
  const start = to === null ? 0 : firstIndex(0, sorted.length, (i) => sorted[i].spent_date <= to)
  const end =
    from === null
      ? sorted.length
      : firstIndex(start, sorted.length, (i) => sorted[i].spent_date < from)
  return { start, end }
}

interface PageWindow {
  /** The filtered set. */
  rangeStart: number
  rangeEnd: number
  /** The page within it. */
  start: number
  end: number
}

/** The entries a filtered query selects (dates, then the other filters), in Harvest order. */
export function selectFiltered(sorted: readonly TimeEntry[], query: ListQuery): TimeEntry[] {
  const { start, end } = dateRange(sorted, query.from, query.to)
  return applyEntryFilters(sorted.slice(start, end), query.filters)
}

/** A cache key for selectFiltered(): the same key selects the same entries of the same data. */
export function filterKey(query: ListQuery): string {
  return JSON.stringify([query.from, query.to, query.filters.params])
}

/** Which slice of the sorted array a query asks for. */
function pageWindow(sorted: readonly TimeEntry[], query: ListQuery): PageWindow {
  const { start: rangeStart, end: rangeEnd } = dateRange(sorted, query.from, query.to)
  const window = (start: number, end: number) => ({ rangeStart, rangeEnd, start, end })
  const { cursor, perPage } = query
  if (cursor?.direction === 'after') {
    // Keyset, not offset: entries deleted before this point can't shift the next page.
    const start = firstIndex(rangeStart, rangeEnd, (i) => compareEntries(sorted[i], cursor.key) > 0)
    return window(start, Math.min(start + perPage, rangeEnd))
  }
  if (cursor?.direction === 'before') {
    const end = firstIndex(rangeStart, rangeEnd, (i) => compareEntries(sorted[i], cursor.key) >= 0)
    return window(Math.max(rangeStart, end - perPage), end)
  }
  const offset = ((query.page ?? 1) - 1) * perPage
  const start = Math.min(rangeStart + offset, rangeEnd)
  return window(start, Math.min(start + perPage, rangeEnd))
}

// ---------------------------------------------------------------------------------------------
// Response body
// ---------------------------------------------------------------------------------------------

/** The paging fields of every Harvest list page. */
export interface PageFields {
  per_page: number
  total_pages: number
  total_entries: number
  next_page: number | null
  previous_page: number | null
  page: number | null
  links: { first: string; next: string | null; previous: string | null; last: string }
}

interface TimeEntriesBody extends PageFields {
  time_entries: TimeEntry[]
}

/**
 * Builds one page. `origin` is taken from the request's Host header so links work behind any
 * address the client used. `extraTotal` lets the 'lie-total' fault misreport total_entries.
 */
export function buildPage(
  sorted: readonly TimeEntry[],
  query: ListQuery,
  origin: string,
  extraTotal = 0,
  select: (sorted: readonly TimeEntry[], query: ListQuery) => readonly TimeEntry[] = selectFiltered
): TimeEntriesBody {
  // A filtered query pages over the selected entries alone, so total_entries is their count.
  const filtered = hasFilters(query.filters)
  const source = filtered ? select(sorted, query) : sorted
  const w = pageWindow(source, filtered ? { ...query, from: null, to: null } : query)
  const items = source.slice(w.start, w.end)
  const total = w.rangeEnd - w.rangeStart
  const totalPages = Math.ceil(total / query.perPage)
  const link = linkMaker(origin, query)
  const { numbers, next, previous } =
    query.page !== null
      ? offsetMode(query.page, totalPages, link)
      : cursorMode(w, items, totalPages, link)
  return {
    time_entries: items,
    ...pageFields(query.perPage, totalPages, total + extraTotal, numbers, {
      first: link.page(1, 'first'),
      next,
      previous,
      last: link.page(Math.max(totalPages, 1), 'last')
    })
  }
}

/** The paging fields of a page in Harvest's order (they follow the records' key). */
export function pageFields(
  perPage: number,
  totalPages: number,
  totalEntries: number,
  numbers: PageNumbers,
  links: PageFields['links']
): PageFields {
  return {
    per_page: perPage,
    total_pages: totalPages,
    total_entries: totalEntries,
    next_page: numbers.next_page,
    previous_page: numbers.previous_page,
    page: numbers.page,
    links
  }
}

export interface PageNumbers {
  page: number | null
  next_page: number | null
  previous_page: number | null
}

interface Navigation {
  numbers: PageNumbers
  next: string | null
  previous: string | null
}

type LinkMaker = ReturnType<typeof linkMaker>

function offsetMode(page: number, totalPages: number, link: LinkMaker): Navigation {
  const nextPage = page < totalPages ? page + 1 : null
  // Past the end, "previous" points at the real last page rather than at another empty one.
  const previousPage = page > 1 ? Math.min(page - 1, Math.max(totalPages, 1)) : null
  return {
    numbers: { page, next_page: nextPage, previous_page: previousPage },
    next: nextPage === null ? null : link.page(nextPage, 'next'),
    previous: previousPage === null ? null : link.page(previousPage, 'previous')
  }
}

/** Harvest's cursor mode only knows page numbers on the first and the last page. */
function cursorMode(
  w: PageWindow,
  items: TimeEntry[],
  totalPages: number,
  link: LinkMaker
): Navigation {
  const hasPrevious = w.start > w.rangeStart
  const hasNext = w.end < w.rangeEnd
  const next = hasNext ? link.cursor('after', items.at(-1)!) : null
  const previous = hasPrevious ? link.cursor('before', items[0]) : null
  if (!hasPrevious) {
    return {
      numbers: { page: 1, next_page: hasNext ? 2 : null, previous_page: null },
      next,
      previous
    }
  }
  if (!hasNext) {
    const numbers = { page: totalPages, next_page: null, previous_page: totalPages - 1 }
    return { numbers, next, previous }
  }
  return { numbers: { page: null, next_page: null, previous_page: null }, next, previous }
}

/** Link URLs keep the filter and page size, and carry Harvest's `ref` marker. */
function linkMaker(origin: string, query: ListQuery) {
  const build = (position: [string, string], ref: string) => {
    const params = new URLSearchParams([position, ['per_page', String(query.perPage)]])
    if (query.from !== null) params.set('from', query.from)
    if (query.to !== null) params.set('to', query.to)
    for (const [name, value] of query.filters.params) params.set(name, value)
    params.set('ref', ref)
    return `${origin}${TIME_ENTRIES_PATH}?${params.toString()}`
  }
  return {
    page: (page: number, ref: string) => build(['page', String(page)], ref),
    cursor: (direction: Cursor['direction'], entry: TimeEntry) => {
      const { from, to, perPage } = query
      const cursor = encodeCursor({ direction, key: entry, from, to, perPage })
      return build(['cursor', cursor], direction === 'after' ? 'next_cursor' : 'previous_cursor')
    }
  }
}
