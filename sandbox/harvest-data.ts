/**
 * Deterministic, realistic Harvest time entries for the simulator.
 *
 * Everything here is a pure function of its inputs (seed, count, date range, ids): tests,
 * the demo and the benchmark must see byte-identical data for the same options, so no
 * Math.random and no wall clock (except the documented "today" default in the simulator).
 */
import type { TimeEntry } from '../src/harvest/types.js'

const DAY_MS = 86_400_000
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** Where generated ids start when the caller doesn't say (Harvest ids are large integers). */
export const DEFAULT_START_ID = 1_000_000_001

// ---------------------------------------------------------------------------------------------
// Seeded randomness
// ---------------------------------------------------------------------------------------------

/** mulberry32: tiny and fast, and the same sequence on every platform and Node version. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

/** Convenience wrapper so generation code reads as intent ("10% of the time") not arithmetic. */
export class Rng {
  private readonly next: () => number
  constructor(seed: number) {
    this.next = mulberry32(seed)
  }
  float(): number {
    return this.next()
  }
  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }
  chance(probability: number): boolean {
    return this.next() < probability
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]
  }
}

/** Mixes two integers into a seed, so every added entry gets its own independent stream. */
export function mixSeed(seed: number, salt: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(salt, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

// ---------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------

/** Milliseconds (UTC midnight) of a strict YYYY-MM-DD date, or null for anything else, e.g. 2024-02-30. */
function parseIsoDate(value: string): number | null {
  const match = ISO_DATE.exec(value)
  if (!match) return null
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const ms = Date.UTC(year, month - 1, day)
  const back = new Date(ms)
  // Date.UTC silently rolls 2024-02-30 over to March; a round trip catches that.
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1) return null
  if (back.getUTCDate() !== day) return null
  return ms
}

function formatIsoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10)
}

/** Date strings by day number: formatting dominated generation time before this cache. */
const dateStrings = new Map<number, string>()

/** Harvest timestamps have no milliseconds: 'YYYY-MM-DDTHH:MM:SSZ'. */
export function formatTimestamp(ms: number): string {
  const day = Math.floor(ms / DAY_MS)
  let date = dateStrings.get(day)
  if (date === undefined) {
    date = formatIsoDate(day * DAY_MS)
    dateStrings.set(day, date)
  }
  const seconds = Math.floor((ms - day * DAY_MS) / 1000)
  const hh = Math.floor(seconds / 3600)
  const mm = Math.floor(seconds / 60) % 60
  return `${date}T${pad2(hh)}:${pad2(mm)}:${pad2(seconds % 60)}Z`
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n)
}

export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10)
}

function requireDate(value: string): number {
  const ms = parseIsoDate(value)
  if (ms === null) throw new Error(`Not a YYYY-MM-DD date: ${JSON.stringify(value)}`)
  return ms
}

// ---------------------------------------------------------------------------------------------
// Harvest ordering
// ---------------------------------------------------------------------------------------------

/** The fields Harvest sorts time entries by; also the keyset a cursor points at. */
export interface SortKey {
  spent_date: string
  created_at: string
  id: number
}

/**
 * Harvest order: spent_date desc, created_at desc, id desc. Negative when `a` comes first.
 * Plain string comparison is correct because both dates use fixed-width ISO formats.
 */
export function compareEntries(a: SortKey, b: SortKey): number {
  if (a.spent_date !== b.spent_date) return a.spent_date < b.spent_date ? 1 : -1
  if (a.created_at !== b.created_at) return a.created_at < b.created_at ? 1 : -1
  return b.id - a.id
}

// ---------------------------------------------------------------------------------------------
// Reference data: shared, frozen nested objects
// ---------------------------------------------------------------------------------------------
// Nested objects are shared between entries (250k entries would otherwise cost millions of
// small objects) and frozen, so a test that mutates one in place gets an error instead of
// silently changing thousands of other entries. Replace them via update() instead.

export interface Person {
  id: number
  name: string
}
export interface Client {
  id: number
  name: string
  currency: string
}
export interface Project {
  id: number
  name: string
  code: string | null
  clientIndex: number
  budgeted: boolean
}
export interface Task {
  id: number
  name: string
  billable: boolean
}

export const USERS: readonly Person[] = [
  { id: 1782884, name: 'Ada Lovelace' },
  { id: 1782885, name: 'José Álvarez' },
  { id: 1782886, name: "Zoë O'Brien" },
  { id: 1782887, name: '田中 美咲' },
  { id: 1782888, name: 'Øyvind Strømberg' },
  { id: 1782889, name: 'Chris "CJ" Johnson' },
  { id: 1782890, name: 'نادية الفارسي' },
  { id: 1782891, name: 'Ana-Maria Popescu' }
]

export const CLIENTS: readonly Client[] = [
  { id: 5735774, name: 'ABC Corp', currency: 'USD' },
  { id: 5735775, name: 'Müller & Söhne GmbH', currency: 'EUR' },
  { id: 5735776, name: '株式会社トウキョウデザイン', currency: 'JPY' },
  { id: 5735777, name: 'O\'Reilly "Media" Ltd.', currency: 'GBP' },
  { id: 5735778, name: 'Internal', currency: 'USD' }
]

/** The client with this index is internal: its time is never billable. */
export const INTERNAL_CLIENT = 4

export const PROJECTS: readonly Project[] = [
  { id: 14307913, name: 'Website Redesign', code: 'WR-01', clientIndex: 0, budgeted: true },
  { id: 14307914, name: 'Mobile App', code: 'MA', clientIndex: 0, budgeted: false },
  { id: 14307915, name: 'Büro-Umzug 2024', code: 'BU', clientIndex: 1, budgeted: true },
  { id: 14307916, name: 'ブランド刷新', code: null, clientIndex: 2, budgeted: false },
  { id: 14307917, name: 'Q3 Audit / "Phase 2"', code: 'AUD\\2', clientIndex: 3, budgeted: true },
  {
    id: 14307918,
    name: 'Admin & Overhead',
    code: '',
    clientIndex: INTERNAL_CLIENT,
    budgeted: false
  }
]

export const TASKS: readonly Task[] = [
  { id: 8083365, name: 'Graphic Design', billable: true },
  { id: 8083366, name: 'Programming', billable: true },
  { id: 8083367, name: 'Project Management', billable: true },
  { id: 8083368, name: 'Meetings', billable: false },
  { id: 8083369, name: 'Research & Analysis', billable: true },
  { id: 8083370, name: 'Travel ✈️', billable: false }
]

/** Assignments exist before any generated time; a fixed date keeps them deterministic. */
export const ASSIGNMENT_CREATED_AT = '2020-01-06T09:00:00Z'

type Frozen = Readonly<Record<string, unknown>>

/** Rates derive from indexes, not the PRNG, so shared objects never depend on call order. */
export function hourlyRate(u: number, p: number): number {
  return 100 + 25 * ((u + p) % 4)
}

function userAssignment(u: number, p: number): Frozen {
  return Object.freeze({
    id: 130_403_296 + u * 100 + p,
    is_project_manager: u === p % USERS.length,
    is_active: true,
    use_default_rates: (u + p) % 3 !== 0,
    budget: null,
    created_at: ASSIGNMENT_CREATED_AT,
    updated_at: ASSIGNMENT_CREATED_AT,
    // Real accounts have assignments without a custom rate: Harvest sends null.
    hourly_rate: (u + p) % 5 === 2 ? null : hourlyRate(u, p)
  })
}

function taskAssignment(p: number, t: number): Frozen {
  return Object.freeze({
    id: 155_505_014 + p * 100 + t,
    billable: isBillable(p, t),
    is_active: true,
    created_at: ASSIGNMENT_CREATED_AT,
    updated_at: ASSIGNMENT_CREATED_AT,
    hourly_rate: 100 + 10 * t,
    budget: null
  })
}

// Built once, looked up by index: generation touches these six times per entry.
const USER_REFS = USERS.map(({ id, name }): Frozen => Object.freeze({ id, name }))
const CLIENT_REFS = CLIENTS.map(({ id, name, currency }): Frozen =>
  Object.freeze({ id, name, currency })
)
const PROJECT_REFS = PROJECTS.map(({ id, name, code }): Frozen => Object.freeze({ id, name, code }))
const TASK_REFS = TASKS.map(({ id, name }): Frozen => Object.freeze({ id, name }))
export const USER_ASSIGNMENTS = USERS.map((_, u) => PROJECTS.map((_, p) => userAssignment(u, p)))
export const TASK_ASSIGNMENTS = PROJECTS.map((_, p) => TASKS.map((_, t) => taskAssignment(p, t)))

export function isBillable(p: number, t: number): boolean {
  return TASKS[t].billable && PROJECTS[p].clientIndex !== INTERNAL_CLIENT
}

// ---------------------------------------------------------------------------------------------
// Notes: mostly ordinary text, with the strings that break naive serializers mixed in
// ---------------------------------------------------------------------------------------------

const NOTE_VERBS = [
  'Reviewed',
  'Implemented',
  'Discussed',
  'Refactored',
  'Planned',
  'Tested',
  'Fixed'
]
const NOTE_OBJECTS = [
  'login flow',
  'invoice export',
  'sprint backlog',
  'API pagination',
  'design system',
  'weekly sync',
  'budget report'
]
const TRICKY_NOTES = [
  'Café meeting ✅ — 日本語',
  'Deploy 🚀🔥 to prod',
  'Pair programming 👩🏽‍💻👨‍💻 (ZWJ emoji)',
  'Fixed "quoted" edge case',
  'Client\'s "urgent" request',
  'Path C:\\Users\\ada\\build\\out',
  'Regex \\d+\\s*$ and a lone backslash \\',
  'Line one\nLine two\n- bullet',
  'Windows line\r\nending',
  'Tabs\tbetween\twords',
  'مراجعة التصميم مع العميل',
  'Ünïcödé naïve façade résumé',
  '🎉',
  '<b>not html</b> & </script>',
  'Trailing spaces   ',
  'Zero\u200bwidth space',
  'Line\u2028separator and\u2029paragraph',
  ''
]

function generateNotes(rng: Rng): string | null {
  if (rng.chance(0.12)) return null
  if (rng.chance(0.2)) return rng.pick(TRICKY_NOTES)
  const base = `${rng.pick(NOTE_VERBS)} ${rng.pick(NOTE_OBJECTS)}`
  if (rng.chance(0.01)) return `${base}: ${'long note '.repeat(150).trim()}`
  return rng.chance(0.3) ? `${base} (#${rng.int(100, 9999)})` : base
}

// ---------------------------------------------------------------------------------------------
// One entry
// ---------------------------------------------------------------------------------------------

/** 2-decimal rounding that doesn't leave float noise such as 1.2300000000000002. */
function round2(value: number): number {
  return Math.round(value * 100) / 100
}

/** Harvest's h:mma clock format, e.g. '8:05am', '1:30pm'. */
export function clockTime(minutesOfDay: number): string {
  const minutes = Math.round(minutesOfDay) % (24 * 60)
  const h24 = Math.floor(minutes / 60)
  const h12 = h24 % 12 === 0 ? 12 : h24 % 12
  return `${h12}:${String(minutes % 60).padStart(2, '0')}${h24 < 12 ? 'am' : 'pm'}`
}

function generateHours(rng: Rng): number {
  // Most people log quarter hours; timer users produce arbitrary 2-decimal values.
  if (rng.chance(0.6)) return rng.int(1, 32) / 4
  return round2(0.01 + rng.float() * 7.99)
}

function generateApprovalStatus(rng: Rng): string {
  const r = rng.float()
  if (r < 0.5) return 'unsubmitted'
  return r < 0.7 ? 'submitted' : 'approved'
}

function generateExternalReference(rng: Rng): Record<string, unknown> | null {
  if (!rng.chance(0.1)) return null
  const issue = rng.int(1, 4000)
  return {
    id: String(issue),
    group_id: String(rng.int(10_000_000, 99_999_999)),
    account_id: String(rng.int(1_000_000, 9_999_999)),
    permalink: `https://github.com/acme/app/issues/${issue}`,
    service: 'github.com',
    service_icon_url: 'https://proxy.harvestfiles.net/production/images/github.png'
  }
}

interface EntryStamp {
  id: number
  spent_date: string
  created_at: string
  updated_at: string
}

/** All the fields Harvest returns for a time entry, in Harvest's field order. */
function buildEntry(rng: Rng, stamp: EntryStamp): TimeEntry {
  const u = rng.int(0, USERS.length - 1)
  const p = rng.int(0, PROJECTS.length - 1)
  const t = rng.int(0, TASKS.length - 1)
  const hours = generateHours(rng)
  const billable = isBillable(p, t)
  const approval = generateApprovalStatus(rng)
  const invoice =
    billable && rng.chance(0.25)
      ? { id: rng.int(13_150_000, 13_159_999), number: String(rng.int(1000, 9999)) }
      : null
  const isClosed = approval === 'approved'
  const withClock = rng.chance(0.3)
  const startMinutes = rng.int(7 * 60, 15 * 60)
  return {
    id: stamp.id,
    spent_date: stamp.spent_date,
    hours,
    hours_without_timer: hours,
    rounded_hours: Math.ceil(hours * 4) / 4,
    notes: generateNotes(rng),
    is_locked: isClosed || invoice !== null,
    locked_reason: lockedReason(invoice !== null, isClosed),
    approval_status: approval,
    is_closed: isClosed,
    is_billed: invoice !== null,
    timer_started_at: null,
    started_time: withClock ? clockTime(startMinutes) : null,
    ended_time: withClock ? clockTime(startMinutes + hours * 60) : null,
    is_running: false,
    billable,
    budgeted: PROJECTS[p].budgeted,
    billable_rate: billable ? hourlyRate(u, p) : null,
    cost_rate: rng.chance(0.7) ? 40 + 5 * rng.int(0, 8) : null,
    created_at: stamp.created_at,
    updated_at: stamp.updated_at,
    user: USER_REFS[u],
    client: CLIENT_REFS[PROJECTS[p].clientIndex],
    project: PROJECT_REFS[p],
    task: TASK_REFS[t],
    user_assignment: USER_ASSIGNMENTS[u][p],
    task_assignment: TASK_ASSIGNMENTS[p][t],
    invoice,
    external_reference: generateExternalReference(rng)
  }
}

function lockedReason(billed: boolean, closed: boolean): string | null {
  if (billed) return 'Item Invoiced and Locked for this Time Period'
  return closed ? 'Item Approved and Locked for this Time Period' : null
}

/** A single entry with its own PRNG stream, for the simulator's add(). */
export function makeEntry(seed: number, stamp: EntryStamp): TimeEntry {
  return buildEntry(new Rng(mixSeed(seed, stamp.id)), stamp)
}

// ---------------------------------------------------------------------------------------------
// A whole data set
// ---------------------------------------------------------------------------------------------

interface GenerateOptions {
  seed: number
  count: number
  from: string
  to: string
  startId?: number
}

/** Weekdays are busy, weekends quiet, and some days (holidays, vacations) have nothing at all. */
function dayWeights(rng: Rng, fromMs: number, days: number): number[] {
  const weights: number[] = []
  for (let i = 0; i < days; i++) {
    const weekday = new Date(fromMs + i * DAY_MS).getUTCDay()
    const weekend = weekday === 0 || weekday === 6
    if (weekend) weights.push(rng.chance(0.7) ? 0 : 0.1 + rng.float() * 0.15)
    else weights.push(rng.chance(0.07) ? 0 : 0.6 + rng.float() * 0.8)
  }
  // A tiny range may have drawn only empty days; entries must still go somewhere.
  return weights.some((w) => w > 0) ? weights : weights.map(() => 1)
}

/** How many entries fall on each day, by weighted sampling (binary search on cumulative weights). */
function entriesPerDay(rng: Rng, weights: number[], count: number): number[] {
  const cumulative: number[] = []
  let sum = 0
  for (const w of weights) cumulative.push((sum += w))
  const perDay = weights.map(() => 0)
  for (let i = 0; i < count; i++) {
    const target = rng.float() * sum
    let lo = 0
    let hi = cumulative.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (cumulative[mid] > target) hi = mid
      else lo = mid + 1
    }
    perDay[lo]++
  }
  return perDay
}

interface Draft {
  spent_date: string
  created_ms: number
  order: number
}

/**
 * created_at of one day's entries. Entries are usually logged the same day, sometimes a few
 * days later, and timesheet imports/duplicates give several entries the *same* created_at:
 * always on the last entry of a busy day, so that tie-breaking on id is exercised.
 */
function draftDay(rng: Rng, dayMs: number, n: number, latestMs: number, drafts: Draft[]): void {
  const spentDate = formatIsoDate(dayMs)
  const firstIndex = drafts.length
  for (let i = 0; i < n; i++) {
    let createdMs: number
    const previous = firstIndex + rng.int(0, Math.max(0, i - 1))
    if (i > 0 && (i === n - 1 || rng.chance(0.3))) createdMs = drafts[previous].created_ms
    else {
      const lateDays = rng.chance(0.15) ? rng.int(1, 3) : 0
      const seconds = rng.int(7 * 3600, 21 * 3600 - 1)
      createdMs = Math.min(dayMs + lateDays * DAY_MS + seconds * 1000, latestMs)
    }
    drafts.push({ spent_date: spentDate, created_ms: createdMs, order: drafts.length })
  }
}

function updatedAt(rng: Rng, createdMs: number, latestMs: number): string {
  if (!rng.chance(0.25)) return formatTimestamp(createdMs)
  const editedMs = createdMs + rng.int(60, 3 * 86_400) * 1000
  return formatTimestamp(Math.max(createdMs, Math.min(editedMs, latestMs)))
}

/**
 * `count` entries with spent_date in [from, to], ids assigned in creation order (as Harvest's
 * are), returned in Harvest order. Timestamps never pass the end of the later of `to` and the
 * entry's own spent_date, so data "ending today" has nothing from the future.
 */
export function generateEntries(opts: GenerateOptions): TimeEntry[] {
  const fromMs = requireDate(opts.from)
  const toMs = requireDate(opts.to)
  if (fromMs > toMs) throw new Error(`from (${opts.from}) is after to (${opts.to})`)
  if (!Number.isInteger(opts.count) || opts.count < 0) throw new Error(`Bad count: ${opts.count}`)
  const rng = new Rng(opts.seed)
  const days = Math.round((toMs - fromMs) / DAY_MS) + 1
  const perDay = entriesPerDay(rng, dayWeights(rng, fromMs, days), opts.count)
  const latestMs = toMs + DAY_MS - 1000
  const drafts: Draft[] = []
  perDay.forEach((n, i) => draftDay(rng, fromMs + i * DAY_MS, n, latestMs, drafts))
  drafts.sort((a, b) => a.created_ms - b.created_ms || a.order - b.order)
  const startId = opts.startId ?? DEFAULT_START_ID
  const entries = drafts.map((draft, i) =>
    buildEntry(rng, {
      id: startId + i,
      spent_date: draft.spent_date,
      created_at: formatTimestamp(draft.created_ms),
      updated_at: updatedAt(rng, draft.created_ms, latestMs)
    })
  )
  return entries.sort(compareEntries)
}
