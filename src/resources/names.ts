/**
 * Stand-in for `src/config/resources.ts` (branch reshape-config) until it lands: the
 * `resources` names in SPEC order. Deleted at merge; imports then point there.
 */
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
