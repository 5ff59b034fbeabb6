import { HarvestError } from '../errors.js'
import { PAGE_SIZE } from '../harvest/client.js'
import { RESOURCE_NAMES, type ResourceName } from './names.js'

/** Every resource but the time entries: those are kept as day files, the others as one object each. */
export type OtherResource = Exclude<ResourceName, 'time_entries'>

export interface ResourceSpec {
  name: OtherResource
  /** The property of a list response that holds the records; absent for a single object. */
  arrayKey?: string
  permission: string
}

/**
 * Who may read each endpoint, in Harvest's own terms (its API docs, "Required permissions"),
 * quoted when Harvest answers 403 so the user knows which role or permission to check.
 */
const PERMISSIONS: Record<OtherResource, string> = {
  clients: 'an Administrator, or a Manager with permission to create and edit clients',
  contacts: 'an Administrator, or a Manager with permission to create and edit clients',
  projects: 'an Administrator, or a Manager with managed projects',
  tasks: 'an Administrator, or a Manager with permission to create and edit tasks',
  users: 'an Administrator, or a Manager with assigned teammates',
  roles: 'an Administrator (the Team feature turned on)',
  user_assignments: 'an Administrator, or a Manager with assigned teammates or managed projects',
  task_assignments: 'an Administrator, or a Manager with managed projects',
  invoices:
    'an Administrator, or a Manager with permission to view and edit invoices for their managed projects (the Invoices feature turned on)',
  invoice_item_categories: 'an Administrator (the Invoices feature turned on)',
  estimates:
    'an Administrator, or a Manager with permission to create and edit estimates (the Estimates feature turned on)',
  estimate_item_categories: 'an Administrator (the Estimates feature turned on)',
  expenses:
    'an Administrator for every expense (Managers see their teammates\u2019 and managed projects\u2019, Members their own; the Expenses feature turned on)',
  expense_categories: 'an Administrator or a Manager (the Expenses feature turned on)',
  company: 'any active user of the account'
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
  const wanted = new Set(names)
  return RESOURCE_NAMES.filter(
    (name): name is OtherResource => name !== 'time_entries' && wanted.has(name)
  ).map((name) => RESOURCE_CATALOG[name])
}

/**
 * The first request for `resource`: `harvest-url` with its last path segment replaced
 * (`.../v2/time_entries` -> `.../v2/projects`), its query dropped, and `per_page=2000` for
 * lists. Scheme and host stay those of `harvest-url`, which config already checked
 * (https, or plain http on loopback only), so the token goes nowhere else.
 */
export function resourceUrl(harvestUrl: string, resource: ResourceSpec): string {
  const url = new URL(harvestUrl)
  const segments = url.pathname.replace(/\/+$/, '').split('/')
  segments[segments.length - 1] = resource.name
  url.pathname = segments.join('/')
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
