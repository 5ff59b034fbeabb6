import { HarvestError } from '../errors.js'
import { PAGE_SIZE } from '../harvest/client.js'
import { PERMISSIONS, type OtherResource, type ResourceName } from './names.js'

export type { OtherResource }

export interface ResourceSpec {
  name: OtherResource
  /** The property of a list response that holds the records; absent for a single object. */
  arrayKey?: string
  permission: string
}

/** One entry per resource other than time_entries, in the README's order; all but the company are lists. */
export const RESOURCE_CATALOG = Object.fromEntries(
  Object.entries(PERMISSIONS).map(([name, permission]) => [
    name,
    name === 'company' ? { name, permission } : { name, arrayKey: name, permission }
  ])
) as Readonly<Record<OtherResource, ResourceSpec>>

/** The resources other than time_entries that `names` asks for, in the README's order. */
export function otherResources(names: readonly ResourceName[]): ResourceSpec[] {
  return Object.values(RESOURCE_CATALOG).filter((spec) => names.includes(spec.name))
}

/**
 * The first request for `resource`: `harvest-url` with its last path segment replaced
 * (`.../v2/time_entries` -> `.../v2/projects`), its query dropped, and `per_page=2000` for
 * lists. Scheme and host stay those of `harvest-url`, which config already checked
 * (https, or plain http on loopback only), so the token goes nowhere else.
 */
export function resourceUrl(harvestUrl: string, resource: ResourceSpec): string {
  const url = new URL(harvestUrl)
  url.pathname = url.pathname.replace(/\/+$/, '').replace(/[^/]*$/, resource.name)
  url.search = ''
  url.hash = ''
  if (resource.arrayKey !== undefined) url.searchParams.set('per_page', String(PAGE_SIZE))
  return url.toString()
}

/** What a 403 on `resource` means: the token's user lacks that endpoint's permission. */
export function forbiddenError(resource: ResourceSpec, accountId: string): HarvestError {
  return new HarvestError(
    `Harvest refused to list ${resource.name} (403 Forbidden) for account ${accountId}. ` +
      `Reading ${resource.name} takes ${resource.permission}: check that permission for the token's user, ` +
      `or leave ${resource.name} out of resources. Nothing was written for ${resource.name}.`
  )
}
