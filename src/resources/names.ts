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
