/** The Harvest resources a run can export, each Harvest's own endpoint under /v2/ (in the README's order). */
export const RESOURCE_NAMES = [
  'time_entries',
  'clients',
  'contacts',
  'projects',
  'tasks',
  'users',
  'roles',
  'user_assignments',
  'task_assignments',
  'invoices',
  'invoice_item_categories',
  'estimates',
  'estimate_item_categories',
  'expenses',
  'expense_categories',
  'company'
] as const

export type ResourceName = (typeof RESOURCE_NAMES)[number]

export const DEFAULT_RESOURCES: readonly ResourceName[] = ['time_entries']

export type ResourceList =
  { ok: true; resources: readonly ResourceName[] } | { ok: false; unknown: string[] }

/**
 * Reads a `resources` value: names separated by commas and/or spaces, or `all`. The result
 * is in the README's order with each name once; a list that names nothing is refused.
 */
export function parseResourceList(text: string): ResourceList {
  const names = text.split(/[\s,]+/).filter((name) => name !== '')
  const unknown = names.filter(
    (name) => name !== 'all' && !(RESOURCE_NAMES as readonly string[]).includes(name)
  )
  if (unknown.length > 0) return { ok: false, unknown: [...new Set(unknown)] }
  if (names.length === 0) return { ok: false, unknown: [] }
  const wanted = new Set(names)
  return {
    ok: true,
    resources: wanted.has('all')
      ? RESOURCE_NAMES
      : RESOURCE_NAMES.filter((name) => wanted.has(name))
  }
}
