/**
 * `GET /v2/<resource>` for every list resource: Harvest's documented filters, cursor
 * pagination (keyset on the resource's own order, so a delete between pages skips nothing),
 * the deprecated `page` parameter, and Harvest's page body with `links`.
 */
import { isIsoDate } from '../src/util/calendar.js'
import { parseDateTime } from './datetime-param.js'
import { pageFields, type PageNumbers } from './harvest-paging.js'
import type { HarvestRecord } from './resources-data.js'
import { compareRecords, sortFields, type ListResource } from './resource-store.js'

export type RouteResult = { status: number; body: unknown }

type Filter = (record: HarvestRecord, value: string) => boolean

const idOf = (field: string) => (record: HarvestRecord) =>
  (record[field] as { id?: unknown } | null | undefined)?.id
const byEmbeddedId =
  (field: string): Filter =>
  (record, value) =>
    String(idOf(field)(record)) === value
const byBoolean =
  (field: string): Filter =>
  (record, value) =>
    record[field] === (value === 'true')
const onOrAfter =
  (field: string): Filter =>
  (record, value) =>
    String(record[field]) >= value
const onOrBefore =
  (field: string): Filter =>
  (record, value) =>
    String(record[field]) <= value
const byInvoicedProject: Filter = (record, value) =>
  (record.line_items as HarvestRecord[]).some((item) => String(idOf('project')(item)) === value)

const active = { is_active: byBoolean('is_active') }
const datedBy = (field: string) => ({ from: onOrAfter(field), to: onOrBefore(field) })

/** Harvest's documented list parameters per resource; others are ignored, as Harvest does. */
const FILTERS: Record<ListResource, Record<string, Filter>> = {
  clients: { ...active },
  contacts: { client_id: byEmbeddedId('client') },
  projects: { ...active, client_id: byEmbeddedId('client') },
  tasks: { ...active },
  users: { ...active },
  roles: {},
  user_assignments: { ...active, user_id: byEmbeddedId('user') },
  task_assignments: { ...active },
  invoices: {
    client_id: byEmbeddedId('client'),
    project_id: byInvoicedProject,
    state: (record, value) => record.state === value,
    ...datedBy('issue_date')
  },
  invoice_item_categories: {},
  estimates: {
    client_id: byEmbeddedId('client'),
    state: (record, value) => record.state === value,
    ...datedBy('issue_date')
  },
  estimate_item_categories: {},
  expenses: {
    user_id: byEmbeddedId('user'),
    client_id: byEmbeddedId('client'),
    project_id: byEmbeddedId('project'),
    is_billed: byBoolean('is_billed'),
    ...datedBy('spent_date')
  },
  expense_categories: { ...active }
}

/** Roles take only page/per_page; every other list resource takes updated_since. */
const NO_UPDATED_SINCE: ListResource[] = ['roles']
const PAGINATION_PARAMS = new Set(['cursor', 'page', 'per_page', 'ref'])

function positiveInt(value: string | null): number | null {
  if (value === null) return null
  return /^\d+$/.test(value) && Number(value) >= 1 ? Number(value) : NaN
}

function unprocessable(message: string): RouteResult {
  return { status: 422, body: { message } }
}

type Cursor = { direction: 'after' | 'before'; key: Record<string, unknown> }

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify({ [cursor.direction]: cursor.key })).toString('base64url')
}

function decodeCursor(text: string): Cursor | null {
  try {
    const raw = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >
    for (const direction of ['after', 'before'] as const) {
      const key = raw[direction] as Record<string, unknown> | undefined
      if (key && typeof key === 'object' && typeof key.id === 'number') return { direction, key }
    }
  } catch {
    // falls through to null
  }
  return null
}

/** One page of `name`, or the 422 Harvest answers for a malformed parameter. */
export function listResource(
  name: ListResource,
  sorted: readonly HarvestRecord[],
  params: URLSearchParams,
  origin: string,
  maxPerPage: number,
  extraTotal = 0
): RouteResult {
  const perPage = positiveInt(params.get('per_page')) ?? maxPerPage
  if (Number.isNaN(perPage) || perPage > maxPerPage) {
    return unprocessable(`per_page must be an integer between 1 and ${maxPerPage}.`)
  }
  const cursorText = params.get('cursor')
  const cursor = cursorText === null ? null : decodeCursor(cursorText)
  if (cursorText !== null && !cursor) return unprocessable('The cursor parameter is invalid.')
  const page = cursor ? null : positiveInt(params.get('page'))
  if (Number.isNaN(page)) return unprocessable('page must be a positive integer.')

  const checks: Array<(record: HarvestRecord) => boolean> = []
  const since = params.get('updated_since')
  if (since !== null && !NO_UPDATED_SINCE.includes(name)) {
    const ms = parseDateTime(since)
    if (ms === null) return unprocessable(`Invalid updated_since: ${JSON.stringify(since)}.`)
    checks.push((record) => Date.parse(String(record.updated_at)) >= ms)
  }
  for (const [param, filter] of Object.entries(FILTERS[name])) {
    const value = params.get(param)
    if (value === null) continue
    if ((param === 'from' || param === 'to') && !isIsoDate(value)) {
      return unprocessable(`Invalid ${param} date: ${JSON.stringify(value)}; expected YYYY-MM-DD.`)
    }
    checks.push((record) => filter(record, value))
  }
  const matching = checks.length ? sorted.filter((r) => checks.every((check) => check(r))) : sorted

  const compare = compareRecords(name)
  let start: number
  let end: number
  if (cursor) {
    const key = cursor.key as HarvestRecord
    const index = matching.findIndex((r) =>
      cursor.direction === 'after' ? compare(r, key) > 0 : compare(r, key) >= 0
    )
    const at = index < 0 ? matching.length : index
    ;[start, end] =
      cursor.direction === 'after' ? [at, at + perPage] : [Math.max(0, at - perPage), at]
  } else {
    start = ((page ?? 1) - 1) * perPage
    end = start + perPage
  }
  end = Math.min(end, matching.length)
  start = Math.min(start, end)
  const items = matching.slice(start, end)
  const total = matching.length
  const totalPages = Math.ceil(total / perPage)

  const link = (position: [string, string], ref: string) => {
    const query = new URLSearchParams()
    for (const [k, v] of params) if (!PAGINATION_PARAMS.has(k)) query.append(k, v)
    query.set(position[0], position[1])
    query.set('per_page', String(perPage))
    query.set('ref', ref)
    return `${origin}/v2/${name}?${query.toString()}`
  }
  const keyOf = (record: HarvestRecord) => {
    const key: Record<string, unknown> = {}
    for (const field of sortFields(name)) key[field] = record[field]
    key.id = record.id
    return key
  }
  const hasNext = end < total
  const hasPrevious = start > 0
  let numbers: PageNumbers
  let next: string | null
  let previous: string | null
  if (page !== null) {
    const nextPage = page < totalPages ? page + 1 : null
    const previousPage = page > 1 ? Math.min(page - 1, Math.max(totalPages, 1)) : null
    numbers = { page, next_page: nextPage, previous_page: previousPage }
    next = nextPage === null ? null : link(['page', String(nextPage)], 'next')
    previous = previousPage === null ? null : link(['page', String(previousPage)], 'previous')
  } else {
    next = hasNext
      ? link(
          ['cursor', encodeCursor({ direction: 'after', key: keyOf(items.at(-1)!) })],
          'next_cursor'
        )
      : null
    previous = hasPrevious
      ? link(
          ['cursor', encodeCursor({ direction: 'before', key: keyOf(items[0]) })],
          'previous_cursor'
        )
      : null
    // Harvest's cursor mode only knows page numbers on the first and the last page.
    if (!hasPrevious) numbers = { page: 1, next_page: hasNext ? 2 : null, previous_page: null }
    else if (!hasNext)
      numbers = { page: totalPages, next_page: null, previous_page: totalPages - 1 }
    else numbers = { page: null, next_page: null, previous_page: null }
  }
  return {
    status: 200,
    body: {
      [name]: items,
      ...pageFields(perPage, totalPages, total + extraTotal, numbers, {
        first: link(['page', '1'], 'first'),
        next,
        previous,
        last: link(['page', String(Math.max(totalPages, 1))], 'last')
      })
    }
  }
}
