import { HarvestError } from '../errors.js'
import { isRecordId, maxPages, quoted } from '../harvest/bounds.js'
import { forbiddenError, resourceUrl, type ResourceSpec } from './catalog.js'
import type { HarvestObject, HarvestRecord, ResourceContent } from './records.js'
import { isJsonObject } from '../util/json-object.js'
import { setting, words } from '../wording.js'

export interface ListPage {
  records: unknown[]
  total: unknown
  perPage?: unknown
  next: string | undefined
}

/** Undefined when `body` is not a page of `resource`. */
export function listPage(resource: { arrayKey?: string }, body: unknown): ListPage | undefined {
  if (resource.arrayKey === undefined || !isJsonObject(body)) return undefined
  const records = body[resource.arrayKey]
  if (!Array.isArray(records)) return undefined
  const next = isJsonObject(body.links) ? body.links.next : undefined
  return {
    records,
    total: body.total_entries,
    perPage: body.per_page,
    next: typeof next === 'string' && next !== '' ? next : undefined
  }
}

export function singleObject(body: unknown): HarvestObject | undefined {
  return isJsonObject(body) ? body : undefined
}

/**
 * The time entries' completeness rules for a resource walk: each record a positive integer
 * id seen once, `total_entries` reported and unchanged, no more pages than it can fill, and
 * the count equal to it. `add` and `finish` return the first problem, if any.
 */
export class RecordWalk {
  readonly records: HarvestRecord[] = []
  /** The pages link on past what the total can fill: walking again would lead as far. */
  endless = false
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
    }
    for (const record of page.records) {
      if (!isJsonObject(record) || typeof record.id !== 'number')
        return 'Harvest returned a record without a numeric id'
      const id = record.id
      if (!isRecordId(id))
        return `Harvest returned a record with id ${quoted(id)}, not a positive integer`
      if (this.ids.has(id)) return `record ${id} was returned twice`
      this.ids.add(id)
      this.records.push(record as HarvestRecord)
    }
    if (page.next !== undefined && this.pages >= this.pageLimit) {
      this.endless = true
      return `Harvest's pages kept linking onward past ${this.pageLimit} pages, more than ${String(this.expected)} records can fill`
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

/** Walks of a list whose count did not add up (records edited during the walk), as for days. */
const WALK_ATTEMPTS = 3

export interface ListReader {
  get(url: string): Promise<unknown>
  /** Throws when the answer is not a page of the list. */
  pageOf(url: string, body: unknown): ListPage
  /** Checked to stay on Harvest's origin. */
  nextUrl(next: string): string
  incomplete(problem: string): Error
}

/**
 * Every record of the list, provably complete (`RecordWalk`), `links.next` followed exactly
 * as Harvest returns it; walked again while it does not add up, unless it links on endlessly.
 */
export async function walkList(first: string, reader: ListReader): Promise<HarvestRecord[]> {
  let problem: string | undefined
  for (let attempt = 1; attempt <= WALK_ATTEMPTS; attempt++) {
    const walk = new RecordWalk()
    let url: string | undefined = first
    problem = undefined
    while (url !== undefined && problem === undefined) {
      const page = reader.pageOf(url, await reader.get(url))
      problem = walk.add(page)
      if (problem === undefined)
        url = page.next === undefined ? undefined : reader.nextUrl(page.next)
    }
    problem ??= walk.finish()
    if (problem === undefined) return walk.records
    if (walk.endless) break
  }
  throw reader.incomplete(problem!)
}

export function incompleteResource(resource: ResourceSpec, problem: string): HarvestError {
  return new HarvestError(
    `Harvest's ${resource.name} could not be read completely: ${problem}. ` +
      `Nothing was written for ${resource.name}; the run can be retried.`
  )
}

/** The Harvest client's GET (rate limit, retries; a 403 throws `forbidden()`) and origin check. */
export interface ResourceReader {
  getJson(url: string, forbidden: () => Error, signal?: AbortSignal): Promise<unknown>
  nextUrl(next: string): string
}

/** Every record of `resource`, provably complete (`walkList`). */
export async function fetchResource(
  reader: ResourceReader,
  resource: ResourceSpec,
  options: { harvestUrl: string; accountId: string; signal?: AbortSignal }
): Promise<ResourceContent> {
  const first = resourceUrl(options.harvestUrl, resource)
  const forbidden = (): Error => forbiddenError(resource, options.accountId)
  const get = (url: string): Promise<unknown> => reader.getJson(url, forbidden, options.signal)
  if (resource.arrayKey === undefined) {
    const object = singleObject(await get(first))
    if (!object) throw notThisResource(first, resource)
    return { kind: 'single', object }
  }
  const records = await walkList(first, {
    get,
    pageOf: (url, body) => {
      const page = listPage(resource, body)
      if (!page) throw notThisResource(url, resource)
      return page
    },
    nextUrl: (next) => reader.nextUrl(next),
    incomplete: (problem) => incompleteResource(resource, problem)
  })
  return { kind: 'list', records }
}

function notThisResource(url: string, resource: ResourceSpec): HarvestError {
  const parsed = new URL(url)
  const what = resource.arrayKey ? `no "${resource.arrayKey}" array` : 'not a JSON object'
  return new HarvestError(
    words`${parsed.origin}${parsed.pathname} did not return Harvest ${resource.name} (${what}). Check ${setting('harvestUrl')}: ${resource.name} is read from its address with the last path segment replaced.`
  )
}
