/**
 * Seeded records of Harvest's other resources, with the fields (and field order) of Harvest's
 * API v2 documentation. Users, clients, projects, tasks and the assignments are the very
 * records the time entries embed (same ids, names, rates); contacts, invoices, estimates and
 * expenses are drawn from the seed. Archived records, nulls and unicode are included on purpose.
 */
import {
  CLIENTS,
  INTERNAL_CLIENT,
  PROJECTS,
  Rng,
  TASK_ASSIGNMENTS,
  TASKS,
  USER_ASSIGNMENTS,
  USERS
} from './harvest-data.js'

export type HarvestRecord = Record<string, unknown> & { id: number }

export interface ResourceCounts {
  contacts?: number
  invoices?: number
  estimates?: number
  expenses?: number
}

interface Range {
  from: string
  to: string
}

/** Creation times of the reference records: before any generated time, spread over 2019. */
export function createdAt(index: number, base = '2019-03-04T10:00:00Z'): string {
  return new Date(Date.parse(base) + index * 86_400_000 * 9 + index * 3_671_000)
    .toISOString()
    .replace('.000Z', 'Z')
}

export const ref = (r: { id: number; name: string }) => ({ id: r.id, name: r.name })
export const clientRef = (c: number) => ({ ...ref(CLIENTS[c]), currency: CLIENTS[c].currency })
export const projectRef = (p: number) => ({ ...ref(PROJECTS[p]), code: PROJECTS[p].code })

const ADDRESSES = [
  '123 Main St.\r\nAnytown, LA 71223',
  'Königstraße 12\n70173 Stuttgart',
  '東京都渋谷区神南1-2-3',
  null,
  ''
]

export function clients(): HarvestRecord[] {
  const live = CLIENTS.map((c, i) => ({
    id: c.id,
    name: c.name,
    is_active: true,
    address: ADDRESSES[i % ADDRESSES.length],
    statement_key: hex(c.id, 32),
    created_at: createdAt(i),
    updated_at: createdAt(i, '2019-03-05T11:30:00Z'),
    currency: c.currency
  }))
  const archived = {
    id: 812345,
    name: 'Zeta Ärchived Inc.',
    is_active: false,
    address: null,
    statement_key: hex(812345, 32),
    created_at: '2018-11-20T08:00:00Z',
    updated_at: '2019-01-02T09:00:00Z',
    currency: 'CHF'
  }
  return [...live, archived]
}

export function projects(): HarvestRecord[] {
  const live = PROJECTS.map((p, i) => ({
    id: p.id,
    name: p.name,
    code: p.code,
    is_active: true,
    bill_by: p.clientIndex === INTERNAL_CLIENT ? 'none' : i % 2 ? 'People' : 'Tasks',
    budget: p.budgeted ? 100 + 50 * i : null,
    budget_by: p.budgeted ? 'project' : 'none',
    budget_is_monthly: i === 2,
    notify_when_over_budget: p.budgeted,
    over_budget_notification_percentage: 80.0,
    over_budget_notification_date: null,
    show_budget_to_all: false,
    created_at: createdAt(i, '2019-04-01T09:15:00Z'),
    updated_at: createdAt(i, '2019-04-02T12:00:00Z'),
    starts_on: '2019-04-01',
    ends_on: i === 4 ? '2030-12-31' : null,
    is_billable: p.clientIndex !== INTERNAL_CLIENT,
    is_fixed_fee: i === 4,
    notes: i === 3 ? 'デザイン刷新 — "phase 1"' : '',
    client: clientRef(p.clientIndex),
    cost_budget: null,
    cost_budget_include_expenses: false,
    hourly_rate: i % 2 ? null : 120.0,
    fee: i === 4 ? 25000.0 : null
  }))
  const archived = {
    ...live[0],
    id: 9912001,
    name: 'Old Website (2018)',
    code: 'OW',
    is_active: false,
    created_at: '2018-12-01T10:00:00Z',
    updated_at: '2019-02-01T10:00:00Z',
    ends_on: '2019-01-31'
  }
  return [...live, archived]
}

export function tasks(): HarvestRecord[] {
  const live = TASKS.map((t, i) => ({
    id: t.id,
    name: t.name,
    billable_by_default: t.billable,
    default_hourly_rate: t.billable ? 100.0 + 10 * i : null,
    is_default: i < 4,
    is_active: true,
    created_at: createdAt(i, '2019-03-04T10:00:00Z'),
    updated_at: createdAt(i, '2019-03-04T10:00:00Z')
  }))
  const archived = {
    id: 807731,
    name: 'Legacy Support',
    billable_by_default: true,
    default_hourly_rate: 80.0,
    is_default: false,
    is_active: false,
    created_at: '2018-10-10T10:10:10Z',
    updated_at: '2019-01-05T10:10:10Z'
  }
  return [...live, archived]
}

const ROLE_NAMES = ['Designer', 'Developer', 'Project Manager', 'Über-Consultant ✨']
const TIMEZONES = [
  'Eastern Time (US & Canada)',
  'Europe/Berlin',
  'Tokyo',
  'Mountain Time (US & Canada)'
]

export function users(): HarvestRecord[] {
  return USERS.map((u, i) => {
    const [first, ...rest] = u.name.split(' ')
    return {
      id: u.id,
      first_name: first,
      last_name: rest.join(' '),
      email: `user${i + 1}@example.com`,
      telephone: i % 3 ? '' : `+1 555 010${i}`,
      timezone: TIMEZONES[i % TIMEZONES.length],
      has_access_to_all_future_projects: i === 0,
      is_contractor: i === 5,
      is_active: i !== 7,
      created_at: createdAt(i, '2019-02-01T08:00:00Z'),
      updated_at: createdAt(i, '2019-02-01T09:30:00Z'),
      weekly_capacity: i === 5 ? 72000 : 126000,
      default_hourly_rate: i === 6 ? null : 100.0 + 25 * (i % 4),
      cost_rate: i === 6 ? null : 40.0 + 5 * i,
      roles: [ROLE_NAMES[i % ROLE_NAMES.length]],
      access_roles:
        i === 0 ? ['administrator'] : i === 1 ? ['manager', 'project_creator'] : ['member'],
      avatar_url: `https://cache.harvestapp.com/assets/profile_images/user_${u.id}.png?1498516481`
    }
  })
}

export function roles(): HarvestRecord[] {
  // Ids of mixed lengths: a sort by id as text would put 1004523 before 618100.
  const ids = [618099, 618100, 1004523, 617630]
  return ROLE_NAMES.map((name, i) => ({
    id: ids[i],
    name,
    created_at: createdAt(i, '2020-04-16T16:59:59Z'),
    updated_at: createdAt(i, '2020-04-17T10:09:41Z'),
    user_ids: USERS.filter((_, u) => u % ROLE_NAMES.length === i).map((u) => u.id)
  }))
}

export function userAssignments(): HarvestRecord[] {
  return USER_ASSIGNMENTS.flatMap((row, u) =>
    row.map((embedded, p) => ({
      ...(embedded as HarvestRecord),
      project: projectRef(p),
      user: ref(USERS[u])
    }))
  )
}

export function taskAssignments(): HarvestRecord[] {
  return TASK_ASSIGNMENTS.flatMap((row, p) =>
    row.map((embedded, t) => ({
      ...(embedded as HarvestRecord),
      project: projectRef(p),
      task: ref(TASKS[t])
    }))
  )
}

export function expenseCategories(): HarvestRecord[] {
  const rows: Array<[number, string, string | null, number | null, boolean]> = [
    [4195926, 'Meals', null, null, true],
    [4195928, 'Transportation', null, null, true],
    [4195930, 'Mileage', 'mile', 0.535, true],
    [4197501, 'Lodging / Hôtel', null, null, true],
    [4197514, 'Other', null, null, false]
  ]
  return rows.map(([id, name, unit_name, unit_price, is_active], i) => ({
    id,
    name,
    unit_name,
    unit_price,
    is_active,
    created_at: createdAt(i, '2019-03-04T10:00:00Z'),
    updated_at: createdAt(i, '2019-03-04T10:00:00Z')
  }))
}

export function invoiceItemCategories(): HarvestRecord[] {
  const rows: Array<[number, string, boolean, boolean]> = [
    [1466293, 'Product', false, true],
    [1466292, 'Service', true, false],
    [1502871, 'Lizenz & Wartung', false, false]
  ]
  return rows.map(([id, name, use_as_service, use_as_expense], i) => ({
    id,
    name,
    use_as_service,
    use_as_expense,
    created_at: createdAt(i, '2019-03-04T10:00:00Z'),
    updated_at: createdAt(i, '2019-03-04T10:00:00Z')
  }))
}

export function estimateItemCategories(): HarvestRecord[] {
  return [
    [1378704, 'Product'],
    [1378703, 'Service'],
    [1398412, 'Conseil — forfait']
  ].map(([id, name], i) => ({
    id: id as number,
    name: name as string,
    created_at: createdAt(i, '2019-03-04T10:00:00Z'),
    updated_at: createdAt(i, '2019-03-04T10:00:00Z')
  }))
}

export function company(): Record<string, unknown> {
  return {
    base_uri: 'https://acme-sim.harvestapp.com',
    full_domain: 'acme-sim.harvestapp.com',
    name: 'Acme Sïmulated Ltd.',
    is_active: true,
    week_start_day: 'Monday',
    wants_timestamp_timers: false,
    time_format: 'hours_minutes',
    date_format: '%Y-%m-%d',
    plan_type: 'sponsored',
    expense_feature: true,
    invoice_feature: true,
    estimate_feature: true,
    approval_feature: true,
    team_feature: true,
    clock: '12h',
    currency_code_display: 'iso_code_none',
    currency_symbol_display: 'symbol_before',
    decimal_symbol: '.',
    thousands_separator: ',',
    color_scheme: 'orange',
    weekly_capacity: 126000
  }
}

export function dateIn(rng: Rng, range: Range): string {
  const from = Date.parse(`${range.from}T00:00:00Z`)
  const days = Math.round((Date.parse(`${range.to}T00:00:00Z`) - from) / 86_400_000)
  return new Date(from + rng.int(0, days) * 86_400_000).toISOString().slice(0, 10)
}

export function hex(n: number, length: number): string {
  let out = ''
  let state = n >>> 0 || 1
  while (out.length < length) {
    state = Math.imul(state ^ (state >>> 13), 0x5bd1e995) >>> 0
    out += state.toString(16).padStart(8, '0')
  }
  return out.slice(0, length)
}

export function pad(n: number): string {
  return String(n).padStart(2, '0')
}

export function round2(value: number): number {
  return Math.round(value * 100) / 100
}
