/**
 * The simulator's records of every Harvest resource beside the time entries, and the control
 * operations on them (add, edit, delete). Edits bump `updated_at` from the simulator's clock;
 * ordering is Harvest's (most recent first by the resource's own date), never by id ascending.
 */
import { RESOURCE_NAMES, type ResourceName } from '../src/resources/names.js'
import type { SimClock } from './clock.js'
import * as ref from './resources-data.js'
import * as docs from './resources-documents.js'
import type { HarvestRecord, ResourceCounts } from './resources-data.js'

/** Every name the simulator serves under /v2/, as the `resources` setting spells them. */
export type { ResourceName }
/** The resources served as Harvest's paged lists: all but the time entries and the company. */
export type ListResource = Exclude<ResourceName, 'time_entries' | 'company'>
export const LIST_RESOURCES: readonly ListResource[] = RESOURCE_NAMES.filter(
  (name): name is ListResource => name !== 'time_entries' && name !== 'company'
)

export function isListResource(name: string): name is ListResource {
  return (LIST_RESOURCES as readonly string[]).includes(name)
}

/** The date field a resource is listed by (descending), then created_at, then id. */
const ORDER_FIELD: Partial<Record<ListResource, string>> = {
  expenses: 'spent_date',
  invoices: 'issue_date',
  estimates: 'issue_date'
}

export function sortFields(name: ListResource): string[] {
  const first = ORDER_FIELD[name]
  return first ? [first, 'created_at'] : ['created_at']
}

/** A sort field's value as text; the sort fields are strings or numbers, a missing one sorts as ''. */
function sortText(value: unknown): string {
  if (typeof value === 'string') return value
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : ''
}

export function compareRecords(name: ListResource): (a: HarvestRecord, b: HarvestRecord) => number {
  const fields = sortFields(name)
  return (a, b) => {
    for (const field of fields) {
      const x = sortText(a[field])
      const y = sortText(b[field])
      if (x !== y) return x < y ? 1 : -1
    }
    return b.id - a.id
  }
}

/** Which embedded object a resource's record appears as in other records, and its fields. */
export const EMBEDDED_AS: Partial<Record<ListResource, string[]>> = {
  clients: ['client'],
  projects: ['project'],
  tasks: ['task'],
  users: ['user', 'creator'],
  expense_categories: ['expense_category'],
  user_assignments: ['user_assignment'],
  task_assignments: ['task_assignment']
}

/** The values another record embeds for `record` (e.g. a user's `name`). */
export function embedView(name: ListResource, record: HarvestRecord): Record<string, unknown> {
  if (name === 'users') {
    const full = [record.first_name, record.last_name].filter((part) => part).join(' ')
    return { ...record, name: full }
  }
  return record
}

export interface StoreOptions {
  seed: number
  from: string
  to: string
  counts?: ResourceCounts
}

export class ResourceStore {
  company: Record<string, unknown> = ref.company()
  private readonly lists = new Map<ListResource, HarvestRecord[]>()

  constructor(
    options: StoreOptions,
    private readonly clock: SimClock
  ) {
    const { seed, counts = {} } = options
    const range = { from: options.from, to: options.to }
    const seeded: Record<ListResource, HarvestRecord[]> = {
      clients: ref.clients(),
      contacts: docs.contacts(seed, counts.contacts ?? 9),
      projects: ref.projects(),
      tasks: ref.tasks(),
      users: ref.users(),
      roles: ref.roles(),
      user_assignments: ref.userAssignments(),
      task_assignments: ref.taskAssignments(),
      invoices: docs.invoices(seed, counts.invoices ?? 24, range),
      invoice_item_categories: ref.invoiceItemCategories(),
      estimates: docs.estimates(seed, counts.estimates ?? 8, range),
      estimate_item_categories: ref.estimateItemCategories(),
      expenses: docs.expenses(seed, counts.expenses ?? 40, range),
      expense_categories: ref.expenseCategories()
    }
    for (const name of LIST_RESOURCES) this.lists.set(name, seeded[name])
  }

  /** The live records of a resource, in Harvest's order. */
  list(name: ListResource): HarvestRecord[] {
    const records = this.records(name)
    records.sort(compareRecords(name))
    return records
  }

  get(name: ListResource, id: number): HarvestRecord {
    const record = this.records(name).find((r) => r.id === id)
    if (!record) throw new Error(`No ${name} record with id ${id}`)
    return record
  }

  /** A new record: the next id, created_at/updated_at from the clock, `fields` as given. */
  add(name: ListResource, fields: Partial<HarvestRecord> = {}): HarvestRecord {
    const records = this.records(name)
    const id = fields.id ?? Math.max(0, ...records.map((r) => r.id)) + 1
    if (records.some((r) => r.id === id)) throw new Error(`${name} ${id} already exists`)
    const stamp = this.clock.stampAfter(undefined)
    const template = records[0] ?? {}
    const record = { ...template, ...fields, id, created_at: stamp, updated_at: stamp }
    if (typeof fields.created_at === 'string') record.created_at = fields.created_at
    if (typeof fields.updated_at === 'string') record.updated_at = fields.updated_at
    records.push(record)
    return record
  }

  /** Patches a record in place; updated_at moves to the clock unless the patch sets it. */
  edit(name: ListResource, id: number, patch: Partial<HarvestRecord>): HarvestRecord {
    const record = this.get(name, id)
    if (patch.id !== undefined && patch.id !== id) throw new Error('editRecord cannot change an id')
    const previous = record.updated_at
    Object.assign(record, patch)
    if (patch.updated_at === undefined) record.updated_at = this.clock.stampAfter(previous)
    return record
  }

  remove(name: ListResource, id: number): void {
    const records = this.records(name)
    const index = records.findIndex((r) => r.id === id)
    if (index < 0) throw new Error(`No ${name} record with id ${id}`)
    records.splice(index, 1)
  }

  /** Every record of every resource (for refreshing embedded names). */
  *all(): Iterable<HarvestRecord> {
    for (const records of this.lists.values()) yield* records
  }

  private records(name: ListResource): HarvestRecord[] {
    const records = this.lists.get(name)
    if (!records) throw new Error(`Unknown resource: ${name}`)
    return records
  }
}
