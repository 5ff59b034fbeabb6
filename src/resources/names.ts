/**
 * The resources a run can export besides time entries, each Harvest's own endpoint under /v2/
 * (in the README's order), and who may read it in Harvest's own terms (its API docs, "Required
 * permissions"), quoted when Harvest answers 403 so the user knows which role or permission to check.
 */
export const PERMISSIONS = {
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

/** Every resource but the time entries: those are kept as day files, the others as one object each. */
export type OtherResource = keyof typeof PERMISSIONS

/** Every resource a run can export, in the README's order. */
export const RESOURCE_NAMES = [
  'time_entries',
  ...(Object.keys(PERMISSIONS) as OtherResource[])
] as const

export type ResourceName = (typeof RESOURCE_NAMES)[number]
