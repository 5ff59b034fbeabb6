import { HarvestError } from '../errors.js'
import { forbiddenError, resourceUrl, type ResourceSpec } from './catalog.js'
import { incompleteResource, listPage, singleObject, walkList } from './completeness.js'
import type { ResourceContent } from './records.js'

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
  const get = async (url: string): Promise<unknown> =>
    reader.getJson(url, forbidden, options.signal)
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
    `${parsed.origin}${parsed.pathname} did not return Harvest ${resource.name} (${what}). ` +
      `Check harvest-url: ${resource.name} is read from its address with the last path segment replaced.`
  )
}
