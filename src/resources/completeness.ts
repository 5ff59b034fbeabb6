import { HarvestError } from '../errors.js'
import { isRecordId, maxPages, quoted } from '../harvest/bounds.js'
import type { ResourceSpec } from './catalog.js'
import type { HarvestObject, HarvestRecord } from './records.js'

/** One page of a list endpoint, as far as pagination and completeness need it. */
export interface ListPage {
  records: unknown[]
  total: unknown
  perPage?: unknown
  next: string | undefined
}

/** The page's records, total and next link; undefined when it is not a page of `resource`. */
export function listPage(resource: ResourceSpec, body: unknown): ListPage | undefined {
  if (resource.arrayKey === undefined || !isObject(body)) return undefined
  const records = body[resource.arrayKey]
  if (!Array.isArray(records)) return undefined
  const links = body.links
  const next = isObject(links) ? links.next : undefined
  return {
    records,
    total: body.total_entries,
    perPage: body.per_page,
    next: typeof next === 'string' && next !== '' ? next : undefined
  }
}

/** The company object; undefined when the body is not one JSON object. */
export function singleObject(body: unknown): HarvestObject | undefined {
  return isObject(body) ? body : undefined
}

/**
 * The time entries' completeness rules applied to a resource walk: every page in, each
 * record a positive integer id seen once, `total_entries` reported and unchanged from page
 * to page, no more pages than it can fill (`maxPages`), and the count equal to it. `add` and
 * `finish` return the first problem, if any.
 */
export class RecordWalk {
  readonly records: HarvestRecord[] = []
  private readonly ids = new Set<number>()
  private expected: unknown
  private pageLimit = 0
  private pages = 0

  add(page: ListPage): string | undefined {
    if (this.pages++ === 0) {
      this.expected = page.total
      // Without a total nothing bounds the walk, so it ends here.
      if (typeof page.total !== 'number') return 'Harvest did not report total_entries'
      this.pageLimit = maxPages(page.total, page.perPage)
    } else if (page.total !== this.expected) {
      return `the total changed from ${String(this.expected)} to ${String(page.total)} during the read`
    } else if (this.pages > this.pageLimit) {
      return `Harvest's pages kept linking onward past ${this.pageLimit} pages, more than ${String(this.expected)} records can fill`
    }
    for (const record of page.records) {
      if (!isObject(record) || typeof record.id !== 'number')
        return 'Harvest returned a record without a numeric id'
      const id = record.id
      if (!isRecordId(id))
        return `Harvest returned a record with id ${quoted(id)}, not a positive integer`
      if (this.ids.has(id)) return `record ${id} was returned twice`
      this.ids.add(id)
      this.records.push(record as HarvestRecord)
    }
    return undefined
  }

  finish(): string | undefined {
    if (typeof this.expected !== 'number') return 'Harvest did not report total_entries'
    if (this.records.length !== this.expected)
      return `Harvest reported ${this.expected} records but returned ${this.records.length}`
    return undefined
  }
}

export function incompleteResource(resource: ResourceSpec, problem: string): HarvestError {
  return new HarvestError(
    `Harvest's ${resource.name} could not be read completely: ${problem}. ` +
      `Nothing was written for ${resource.name}; the run can be retried.`
  )
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
