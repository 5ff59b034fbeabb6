/**
 * A real HTTP server (node:http, no dependencies) that behaves like Harvest API v2 as far as
 * the exporter relies on it: `GET /v2/time_entries` and every other resource under `/v2/`
 * (see resource-routes.ts), auth headers, filters, cursor and page-number pagination,
 * Harvest's ordering, the 100-requests-per-15-seconds rate limit, a `Date` header from the
 * simulator's clock, and injectable faults (throttling, 5xx, resets, hangs, lying totals,
 * truncated bodies) on any request.
 *
 * Used by tests, `npm run demo` and the benchmark: seeded data, fast for a quarter of a million
 * entries. Mutations are stamped from the clock (real time unless a test sets `now`).
 *
 * Control API (for tests, the demo and the benchmark):
 *   time entries   entries (get/set), add(partial), update(id, patch), move(id, date), remove(id),
 *                  removeWhere(predicate), removeProjectEntries(projectId),
 *                  startTimer({ spent_date?, hours?, startedAgoMs?, ...fields }), stopTimer(id)
 *   resources      listRecords(name), getRecord(name, id), addRecord(name, fields),
 *                  editRecord(name, id, patch), deleteRecord(name, id), company (object),
 *                  rename(name, id, newName) for clients/projects/tasks/users
 *   permissions    forbid(name), allow(name): a 403 for that resource, as for a non-admin token
 *   clock          now(), advanceClock(ms), setClock(at)
 *   faults, stats  injectFault(fault), clearFaults(), stats, resetStats(), requestLog
 */
import http from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { performance } from 'node:perf_hooks'
import { addDays, isIsoDate } from '../src/util/calendar.js'
import type { TimeEntry } from '../src/harvest/types.js'
import {
  compareEntries,
  DEFAULT_START_ID,
  generateEntries,
  makeEntry,
  todayUtc,
  type SortKey
} from './harvest-data.js'
import {
  buildPage,
  filterKey,
  parseListQuery,
  selectFiltered,
  TIME_ENTRIES_PATH,
  type ListQuery
} from './harvest-paging.js'
import { SimClock } from './clock.js'
import { notFoundPage } from './not-found-page.js'
import { listResource } from './resource-routes.js'
import { embeddingTargets, refreshEmbedded } from './embedded-refresh.js'
import { refreshRunning, timerStartFields, timerStopFields } from './timers.js'
import {
  EMBEDDED_AS,
  embedView,
  isListResource,
  ResourceStore,
  type ListResource,
  type ResourceName
} from './resource-store.js'
import type { HarvestRecord, ResourceCounts } from './resources-data.js'

const FAULT_KINDS = [
  '429',
  '500',
  '502',
  '503',
  'reset',
  'timeout',
  'lie-total',
  'truncate'
] as const
export type FaultKind = (typeof FAULT_KINDS)[number]

export interface Fault {
  kind: FaultKind
  /** How many matching requests get it; default 1, Infinity = persistent. */
  times?: number
  /** For '429'; default 1. */
  retryAfterSeconds?: number
  /** Restricts the fault to some requests; default: every authenticated request (any resource). */
  match?: (url: URL) => boolean
}

export interface SimulatorOptions {
  host?: string
  port?: number
  accountId?: string
  token?: string
  seed?: number
  entries?: number
  /** spent_date range of the generated data; default the 120 days ending today (UTC). */
  from?: string
  to?: string
  latencyMs?: number
  /** Sliding window per token; default Harvest's real limit of 100 requests per 15 s. */
  rateLimit?: { max: number; windowMs: number } | false
  /** Harvest's maximum is 2000; a larger per_page is answered with 422. */
  maxPerPage?: number
  /** The clock behind updated_at, running timers and the Date header; default Date.now. */
  now?: () => number
  /** How many seeded contacts, invoices, estimates and expenses to generate. */
  resourceCounts?: ResourceCounts
  /** Resources answered with 403 from the start (see forbid()). */
  forbidden?: ResourceName[]
}

export interface SimulatorStats {
  requests: number
  /**
   * HTTP status as a string; 'reset' / 'timeout' / 'truncate' for faults without a complete
   * response, 'aborted' when the client hung up before the (delayed) answer.
   */
  byStatus: Record<string, number>
  /** 429s from the rate limiter (injected '429' faults only show in byStatus). */
  rateLimited: number
}

export interface RequestLogEntry {
  url: string
  /** 0 when no status line was sent ('reset', 'timeout'). */
  status: number
  ms: number
}

const DEFAULT_RANGE_DAYS = 120
const HARVEST_RATE_LIMIT = { max: 100, windowMs: 15_000 }
const HARVEST_MAX_PER_PAGE = 2000
/** The log is for inspection, not an audit trail; a long-running demo must not grow forever. */
const REQUEST_LOG_LIMIT = 10_000

const ERRORS = {
  userAgent: {
    error: 'bad_request',
    error_description: 'Missing User-Agent header: identify your application and a contact.'
  },
  token: {
    error: 'invalid_token',
    error_description:
      'The access token provided is expired, revoked, malformed or invalid for other reasons.'
  },
  /** Harvest answers a Harvest-Account-Id the token has no access to as a missing object. */
  account: { status: 404, error: 'Not Found' },
  forbidden: {
    error: 'forbidden',
    error_description:
      'The object you requested was found but you don’t have authorization to perform your request.'
  },
  method: { status: 405, error: 'Method Not Allowed' },
  500: { status: 500, error: 'Internal Server Error' },
  502: { status: 502, error: 'Bad Gateway' },
  503: { status: 503, error: 'Service Unavailable' }
} as const

/** What to do with a request, decided synchronously and delivered after the latency. */
type Reply =
  | { kind: 'json'; status: number; body: unknown; headers?: Record<string, string> }
  | { kind: 'html'; status: number; body: string }
  | { kind: 'truncate'; status: number; body: unknown }
  | { kind: 'reset' }
  | { kind: 'timeout' }

interface QueuedFault {
  fault: Fault
  remaining: number
}

export class HarvestSimulator {
  readonly accountId: string
  readonly token: string
  /** spent_date range the data was generated for; add() defaults to `to`. */
  readonly from: string
  readonly to: string
  requestLog: RequestLogEntry[] = []
  /** Every resource beside the time entries; see the control API above. */
  readonly resources: ResourceStore
  private readonly clock: SimClock
  private readonly forbidden: Set<string>

  private readonly host: string
  private readonly port: number
  private readonly seed: number
  /** Settable between requests, e.g. to slow down one test. */
  latencyMs: number
  private readonly rateLimit: { max: number; windowMs: number } | false
  private readonly maxPerPage: number

  private server: http.Server | null = null
  private starting: Promise<string> | null = null
  private endpoint = ''
  /** `new URL(endpoint).host`, parsed once per listen() rather than on every request. */
  private listenHost = ''
  private readonly sockets = new Set<Socket>()
  private readonly timers = new Set<NodeJS.Timeout>()
  private faults: QueuedFault[] = []
  private readonly rateWindows = new Map<string, number[]>()
  private readonly counters: SimulatorStats = { requests: 0, byStatus: {}, rateLimited: 0 }

  private data: TimeEntry[]
  /**
   * Length at the last sort: a cheap way to notice direct push/splice on `entries`; -1 after
   * anything that may have broken Harvest order, so the next read re-sorts.
   */
  private orderedLength = -1
  private nextId = DEFAULT_START_ID
  /** Id index for update()/remove(); rebuilt on every full sort. */
  private readonly byId = new Map<number, TimeEntry>()
  /** Bumped by every change that may alter which entries a filter selects. */
  private version = 0
  private filterCache: { version: number; key: string; entries: TimeEntry[] } | null = null
  /** Entries whose timer runs: their hours are brought to the clock on every read. */
  private readonly running = new Set<TimeEntry>()

  constructor(options: SimulatorOptions = {}) {
    this.host = options.host ?? '127.0.0.1'
    this.port = options.port ?? 0
    this.accountId = options.accountId ?? '123456'
    this.token = options.token ?? 'sim-token-0123456789'
    this.seed = options.seed ?? 1
    this.latencyMs = Math.max(0, options.latencyMs ?? 0)
    this.rateLimit = validRateLimit(options.rateLimit ?? HARVEST_RATE_LIMIT)
    this.maxPerPage = options.maxPerPage ?? HARVEST_MAX_PER_PAGE
    if (!Number.isInteger(this.maxPerPage) || this.maxPerPage < 1) {
      throw new Error(`Bad maxPerPage: ${this.maxPerPage}`)
    }
    const range = defaultRange(options.from, options.to)
    this.from = range.from
    this.to = range.to
    this.clock = new SimClock(options.now)
    this.forbidden = new Set(options.forbidden ?? [])
    this.resources = new ResourceStore(
      { seed: this.seed, from: this.from, to: this.to, counts: options.resourceCounts },
      this.clock
    )
    const count = options.entries ?? 500
    this.data = generateEntries({ seed: this.seed, count, from: this.from, to: this.to })
  }

  // -------------------------------------------------------------------------------------------
  // Lifecycle
  // -------------------------------------------------------------------------------------------

  /** Resolves to the endpoint URL, e.g. 'http://127.0.0.1:PORT/v2/time_entries'. */
  start(): Promise<string> {
    // Concurrent callers share one listen() rather than racing to open two servers.
    this.starting ??= this.listen().catch((error: unknown) => {
      this.starting = null // a failed listen (port in use) may be retried
      throw error
    })
    return this.starting
  }

  private async listen(): Promise<string> {
    const server = http.createServer((req, res) => this.handle(req, res))
    server.on('connection', (socket) => {
      this.sockets.add(socket)
      socket.on('close', () => this.sockets.delete(socket))
    })
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(this.port, this.host, () => {
        server.off('error', reject)
        resolve()
      })
    })
    this.server = server
    this.endpoint = `http://${hostForUrl(server.address() as AddressInfo)}${TIME_ENTRIES_PATH}`
    this.listenHost = new URL(this.endpoint).host
    return this.endpoint
  }

  /** Closes the server and every socket, including keep-alive and 'timeout' ones, at once. */
  async stop(): Promise<void> {
    await this.starting?.catch(() => undefined)
    const server = this.server
    this.starting = null
    if (!server) return
    this.server = null
    for (const timer of this.timers) clearTimeout(timer)
    this.timers.clear()
    const closed = new Promise<void>((resolve) => server.close(() => resolve()))
    for (const socket of this.sockets) socket.destroy()
    this.sockets.clear()
    await closed
  }

  get url(): string {
    if (!this.endpoint) throw new Error('HarvestSimulator: call start() before reading url')
    return this.endpoint
  }

  // -------------------------------------------------------------------------------------------
  // Data
  // -------------------------------------------------------------------------------------------

  /**
   * The live data set. Replacing it, or pushing/splicing it, is noticed and re-sorted. Editing
   * spent_date/created_at/id of an entry in place is not noticed until the next first-page
   * request; use update()/move() for that during a paginated walk.
   */
  get entries(): TimeEntry[] {
    return this.data
  }

  set entries(entries: TimeEntry[]) {
    this.data = entries
    this.orderedLength = -1
    this.version++
  }

  /** A new entry with the next id and realistic fields; `partial` overrides any of them. */
  add(partial: Partial<TimeEntry> = {}): TimeEntry {
    this.sortedEntries()
    const id = partial.id ?? this.nextId
    if (this.byId.get(id)?.id === id) throw new Error(`Entry ${id} already exists`)
    const spentDate = requireDate(partial.spent_date ?? this.to)
    const createdAt = partial.created_at ?? this.clock.stampAfter(undefined)
    const updatedAt = typeof partial.updated_at === 'string' ? partial.updated_at : createdAt
    const stamp = { id, spent_date: spentDate, created_at: createdAt, updated_at: updatedAt }
    // Spreading over the generated entry keeps Harvest's field order for overridden fields.
    const entry: TimeEntry = { ...makeEntry(this.seed, stamp), ...partial, ...stamp }
    this.nextId = Math.max(this.nextId, id + 1)
    this.insertSorted(entry)
    this.byId.set(id, entry)
    if (entry.is_running === true) this.running.add(entry)
    return entry
  }

  /** Patches an entry in place and bumps updated_at (unless the patch sets it). */
  update(id: number, patch: Partial<TimeEntry>): TimeEntry {
    const sorted = this.sortedEntries()
    const index = this.indexOf(id)
    const entry = sorted[index]!
    if (patch.id !== undefined && patch.id !== id) throw new Error('update() cannot change an id')
    if (patch.spent_date !== undefined) requireDate(patch.spent_date)
    const before: SortKey = { spent_date: entry.spent_date, created_at: entry.created_at, id }
    Object.assign(entry, patch)
    if (patch.updated_at === undefined) entry.updated_at = this.clock.stampAfter(entry.updated_at)
    this.version++
    if (compareEntries(before, entry) !== 0) {
      sorted.splice(index, 1)
      this.insertSorted(entry)
    }
    return entry
  }

  remove(id: number): void {
    this.sortedEntries()
    this.data.splice(this.indexOf(id), 1)
    this.byId.delete(id)
    this.orderedLength = this.data.length
    this.version++
  }

  /**
   * Starts a running timer as a new entry on `spent_date` (default: the clock's UTC day; a past
   * day works too), started `startedAgoMs` before now with `hours` already logged.
   */
  startTimer(
    options: {
      spent_date?: string
      hours?: number
      startedAgoMs?: number
    } & Partial<TimeEntry> = {}
  ): TimeEntry {
    const { startedAgoMs = 0, hours = 0, ...partial } = options
    const now = this.clock.now()
    const spentDate = partial.spent_date ?? new Date(now).toISOString().slice(0, 10)
    const fields = timerStartFields(now - startedAgoMs, hours)
    const entry = this.add({ ...partial, ...fields, spent_date: spentDate })
    this.running.add(entry)
    return entry
  }

  /** Stops a running timer: its hours are fixed at the clock's time and updated_at moves. */
  stopTimer(id: number): TimeEntry {
    const entry = this.data[this.indexOf(id)]!
    if (entry.is_running !== true) throw new Error(`Entry ${id} is not running`)
    this.running.delete(entry)
    return this.update(id, timerStopFields(entry, this.clock.now()))
  }

  /** Deletes every entry `predicate` accepts; returns how many. */
  removeWhere(predicate: (entry: TimeEntry) => boolean): number {
    const before = this.data.length
    this.data = this.data.filter((entry) => !predicate(entry))
    this.orderedLength = -1
    this.version++
    return before - this.data.length
  }

  /** Deletes all of a project's entries, as deleting a project with its time does. */
  removeProjectEntries(projectId: number): number {
    return this.removeWhere((entry) => (entry.project as { id?: unknown } | null)?.id === projectId)
  }

  /** Moves an entry to another day, as editing its date in Harvest does. */
  move(id: number, spentDate: string): TimeEntry {
    return this.update(id, { spent_date: requireDate(spentDate) })
  }

  /** The data in Harvest order, re-sorted only when something may have disturbed it. */
  private sortedEntries(verify = false): TimeEntry[] {
    const disturbed = this.data.length !== this.orderedLength
    if (disturbed || (verify && !isInHarvestOrder(this.data))) {
      this.data.sort(compareEntries)
      this.byId.clear()
      for (const entry of this.data) {
        this.byId.set(entry.id, entry)
        this.nextId = Math.max(this.nextId, entry.id + 1)
        if (entry.is_running === true) this.running.add(entry)
      }
      this.orderedLength = this.data.length
      this.version++
    }
    return this.data
  }

  /** Where `entry` belongs in Harvest order: the first position not before it. */
  private position(entry: SortKey): number {
    const sorted = this.data
    let lo = 0
    let hi = sorted.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (compareEntries(sorted[mid]!, entry) >= 0) hi = mid
      else lo = mid + 1
    }
    return lo
  }

  /** Binary insertion keeps a single add()/update() O(log n) + splice instead of a full sort. */
  private insertSorted(entry: TimeEntry): void {
    this.data.splice(this.position(entry), 0, entry)
    this.orderedLength = this.data.length
    this.version++
  }

  /**
   * Index of an entry by id: a map lookup plus a binary search on its key, because a linear
   * scan of 250k scattered objects costs ~15 ms per call. The scan remains as a fallback for
   * entries whose id or sort key a test edited in place.
   */
  private indexOf(id: number): number {
    const known = this.byId.get(id)
    if (known?.id === id) {
      const index = this.position(known)
      if (this.data[index] === known) return index
    }
    const index = this.data.findIndex((entry) => entry.id === id)
    if (index < 0) throw new Error(`No entry with id ${id}`)
    return index
  }

  /** Running entries show the hours of this moment; entries deleted meanwhile are dropped. */
  private refreshTimers(): void {
    if (this.running.size === 0) return
    const now = this.clock.now()
    for (const entry of this.running) {
      if (entry.is_running !== true || this.byId.get(entry.id) !== entry) this.running.delete(entry)
      else refreshRunning(entry, now)
    }
  }

  /** The entries a filtered query selects, reused while nothing changed (a walk's pages). */
  private selectCached(sorted: readonly TimeEntry[], query: ListQuery): readonly TimeEntry[] {
    const key = filterKey(query)
    const cached = this.filterCache
    if (cached && cached.version === this.version && cached.key === key) return cached.entries
    const entries = selectFiltered(sorted, query)
    this.filterCache = { version: this.version, key, entries }
    return entries
  }

  // -------------------------------------------------------------------------------------------
  // Other resources, permissions and the clock
  // -------------------------------------------------------------------------------------------

  /** The records of a list resource in Harvest's order (the live objects). */
  listRecords(name: ListResource): HarvestRecord[] {
    return this.resources.list(name)
  }

  getRecord(name: ListResource, id: number): HarvestRecord {
    return this.resources.get(name, id)
  }

  addRecord(name: ListResource, fields: Partial<HarvestRecord> = {}): HarvestRecord {
    return this.resources.add(name, fields)
  }

  /**
   * Patches a record; its updated_at moves to the clock (unless the patch sets it). Where the
   * record is embedded (time entries, other records), the embedded copies show the new values
   * and keep their own updated_at, as in Harvest.
   */
  editRecord(name: ListResource, id: number, patch: Partial<HarvestRecord>): HarvestRecord {
    const record = this.resources.edit(name, id, patch)
    const keys = EMBEDDED_AS[name]
    if (keys) {
      const targets = embeddingTargets(this.data, this.resources.all())
      refreshEmbedded(targets, keys, embedView(name, record))
    }
    return record
  }

  /** Renames a client, project, task or user (a user's name splits into first and last). */
  rename(
    name: 'clients' | 'projects' | 'tasks' | 'users',
    id: number,
    newName: string
  ): HarvestRecord {
    if (name !== 'users') return this.editRecord(name, id, { name: newName })
    const [first, ...rest] = newName.split(' ')
    return this.editRecord(name, id, { first_name: first, last_name: rest.join(' ') })
  }

  deleteRecord(name: ListResource, id: number): void {
    this.resources.remove(name, id)
  }

  get company(): Record<string, unknown> {
    return this.resources.company
  }

  /** From now on `name` answers 403, as Harvest does for a token whose user lacks the right. */
  forbid(name: ResourceName): void {
    this.forbidden.add(name)
  }

  allow(name: ResourceName): void {
    this.forbidden.delete(name)
  }

  /** The simulator's clock in ms: what the Date header and new updated_at values show. */
  now(): number {
    return this.clock.now()
  }

  advanceClock(ms: number): void {
    this.clock.advance(ms)
  }

  /** Fixes the clock at `at`; it then moves only with advanceClock(). */
  setClock(at: number | Date | string): void {
    this.clock.set(at)
  }

  // -------------------------------------------------------------------------------------------
  // Faults and statistics
  // -------------------------------------------------------------------------------------------

  /** Queues a fault; queued faults are consumed in order by the first request each matches. */
  injectFault(fault: Fault): void {
    if (!FAULT_KINDS.includes(fault.kind)) throw new Error(`Unknown fault kind: ${fault.kind}`)
    const remaining = fault.times ?? 1
    if (!(remaining > 0)) throw new Error(`Fault times must be positive, got ${remaining}`)
    this.faults.push({ fault, remaining })
  }

  clearFaults(): void {
    this.faults = []
  }

  get stats(): SimulatorStats {
    return this.counters
  }

  /** Zeroes the counters (in place, so held references see it) and empties the request log. */
  resetStats(): void {
    this.counters.requests = 0
    this.counters.rateLimited = 0
    for (const key of Object.keys(this.counters.byStatus)) delete this.counters.byStatus[key]
    this.requestLog = []
  }

  private takeFault(url: URL): Fault | null {
    const index = this.faults.findIndex((queued) => queued.fault.match?.(url) ?? true)
    if (index < 0) return null
    const queued = this.faults[index]!
    if (--queued.remaining <= 0) this.faults.splice(index, 1)
    return queued.fault
  }

  private record(url: string, statusKey: string, status: number, startedAt: number): void {
    this.counters.byStatus[statusKey] = (this.counters.byStatus[statusKey] ?? 0) + 1
    this.requestLog.push({ url, status, ms: Math.round(performance.now() - startedAt) })
    if (this.requestLog.length > REQUEST_LOG_LIMIT * 2) {
      this.requestLog.splice(0, this.requestLog.length - REQUEST_LOG_LIMIT)
    }
  }

  /**
   * Sliding window per token. Returns the Retry-After seconds when over the limit, or null
   * after taking a slot; rejected requests take no slot, as with Harvest.
   */
  private throttle(token: string, now: number): number | null {
    if (!this.rateLimit) return null
    const { max, windowMs } = this.rateLimit
    let window = this.rateWindows.get(token)
    if (!window) {
      window = []
      this.rateWindows.set(token, window)
    }
    while (window.length > 0 && window[0]! <= now - windowMs) window.shift()
    if (window.length >= max) return Math.max(1, Math.ceil((window[0]! + windowMs - now) / 1000))
    window.push(now)
    return null
  }

  // -------------------------------------------------------------------------------------------
  // HTTP
  // -------------------------------------------------------------------------------------------

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const startedAt = performance.now()
    this.counters.requests++
    // Links must point wherever the client reached us (Host header), e.g. through a proxy.
    const fallback = `http://${this.endpointHost()}`
    const requested = safeUrl(req.url ?? '/', `http://${req.headers.host ?? this.endpointHost()}`)
    const url = requested ?? new URL(req.url ?? '/', fallback)
    const origin = requested ? url.origin : fallback
    let reply: Reply
    try {
      reply = this.decide(req, url, origin, startedAt)
    } catch (error) {
      // A simulator bug must be loud, not look like an ordinary Harvest 500.
      console.error('HarvestSimulator: request handler failed', error)
      reply = json(500, { ...ERRORS[500], simulator_error: String(error) })
    }
    this.later(() => this.deliver(req, res, reply, url.href, startedAt))
  }

  /**
   * The whole request → reply decision. Faults are drawn only after the request is well formed
   * and authenticated, so a fault's `times` counts exactly the exporter's real page requests.
   */
  private decide(req: http.IncomingMessage, url: URL, origin: string, startedAt: number): Reply {
    if (!req.headers['user-agent']?.trim()) return json(400, ERRORS.userAgent)
    const resource = resourceOf(url.pathname)
    if (!resource) return { kind: 'html', status: 404, body: notFoundPage() }
    if (req.method !== 'GET') return json(405, ERRORS.method, { Allow: 'GET' })
    const token = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1]
    if (token !== this.token) return json(401, ERRORS.token)
    const account = req.headers['harvest-account-id']
    if (account === undefined || account === '') return json(401, ERRORS.token)
    if (account !== this.accountId) return json(404, ERRORS.account)
    if (this.forbidden.has(resource)) return json(403, ERRORS.forbidden)

    const fault = this.takeFault(url)
    const faultReply = fault ? faultToReply(fault) : null
    if (faultReply) return faultReply
    if (!fault) {
      const retryAfter = this.throttle(token, startedAt)
      if (retryAfter !== null) {
        this.counters.rateLimited++
        return rateLimited(retryAfter)
      }
    }
    const extraTotal = fault?.kind === 'lie-total' ? 1 : 0
    const reply = this.serve(resource, url, origin, extraTotal)
    return fault?.kind === 'truncate' && reply.kind === 'json'
      ? { ...reply, kind: 'truncate' }
      : reply
  }

  private serve(resource: ResourceName, url: URL, origin: string, extraTotal: number): Reply {
    if (resource === 'time_entries') return this.listTimeEntries(url, origin, extraTotal)
    if (resource === 'company') return json(200, this.resources.company)
    const sorted = this.resources.list(resource)
    const result = listResource(
      resource,
      sorted,
      url.searchParams,
      origin,
      this.maxPerPage,
      extraTotal
    )
    return json(result.status, result.body)
  }

  private listTimeEntries(url: URL, origin: string, extraTotal: number): Reply {
    const parsed = parseListQuery(url.searchParams, this.maxPerPage)
    if (!parsed.ok) return json(422, { message: parsed.message })
    const { query } = parsed
    // A first page starts a walk: the one moment worth an O(n) check for in-place edits.
    const firstPage = query.cursor === null && (query.page ?? 1) === 1
    if (firstPage) this.version++ // and for dropping a filter selection edited in place
    const sorted = this.sortedEntries(firstPage)
    const select = (all: readonly TimeEntry[], q: ListQuery) => this.selectCached(all, q)
    this.refreshTimers()
    return json(200, buildPage(sorted, query, origin, extraTotal, select))
  }

  private deliver(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    reply: Reply,
    url: string,
    startedAt: number
  ): void {
    const socket = req.socket
    const date = { Date: this.clock.httpDate() }
    switch (reply.kind) {
      case 'reset':
        this.record(url, 'reset', 0, startedAt)
        resetSocket(socket)
        return
      case 'timeout':
        // Never answered; stop() destroys the socket.
        this.record(url, 'timeout', 0, startedAt)
        return
      case 'truncate': {
        const body = Buffer.from(JSON.stringify(reply.body))
        res.writeHead(reply.status, { ...jsonHeaders(body.length), ...date })
        res.write(body.subarray(0, body.length >> 1), () => socket.destroy())
        this.record(url, 'truncate', reply.status, startedAt)
        return
      }
      case 'json': {
        if (socket.destroyed) return this.record(url, 'aborted', 0, startedAt)
        const body = Buffer.from(JSON.stringify(reply.body))
        res.writeHead(reply.status, { ...jsonHeaders(body.length), ...reply.headers, ...date })
        res.end(body)
        this.record(url, String(reply.status), reply.status, startedAt)
        return
      }
      case 'html': {
        if (socket.destroyed) return this.record(url, 'aborted', 0, startedAt)
        const body = Buffer.from(reply.body)
        res.writeHead(reply.status, {
          'Content-Type': 'text/html; charset=utf-8',
          'Content-Length': body.length,
          ...date
        })
        res.end(body)
        this.record(url, String(reply.status), reply.status, startedAt)
      }
    }
  }

  /** Runs `fn` after the configured latency; timers are tracked so stop() can cancel them. */
  private later(fn: () => void): void {
    if (this.latencyMs === 0) return fn()
    const timer = setTimeout(() => {
      this.timers.delete(timer)
      fn()
    }, this.latencyMs)
    this.timers.add(timer)
  }

  private endpointHost(): string {
    return this.endpoint ? this.listenHost : `${this.host}:${this.port}`
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/** Which resource a path names, or null for a path Harvest has no page for. */
function resourceOf(pathname: string): ResourceName | null {
  if (pathname === TIME_ENTRIES_PATH) return 'time_entries'
  const name = /^\/v2\/([a-z_]+)$/.exec(pathname)?.[1]
  if (name === 'company' || (name !== undefined && isListResource(name))) return name
  return null
}

function defaultRange(from?: string, to?: string): { from: string; to: string } {
  const end = requireDate(to ?? todayUtc())
  const start = requireDate(from ?? addDays(end, -(DEFAULT_RANGE_DAYS - 1)))
  if (start > end) throw new Error(`from (${start}) is after to (${end})`)
  return { from: start, to: end }
}

function validRateLimit(limit: SimulatorOptions['rateLimit']) {
  if (limit && !(Number.isInteger(limit.max) && limit.max >= 1 && limit.windowMs > 0)) {
    throw new Error(
      `Bad rateLimit ${JSON.stringify(limit)}: need an integer max >= 1 and windowMs > 0`
    )
  }
  return limit ?? false
}

function requireDate(value: unknown): string {
  if (typeof value !== 'string' || !isIsoDate(value)) {
    throw new Error(`Not a YYYY-MM-DD date: ${JSON.stringify(value)}`)
  }
  return value
}

/** O(n) but allocation-free; only run at the start of a walk. */
function isInHarvestOrder(entries: readonly TimeEntry[]): boolean {
  for (let i = 1; i < entries.length; i++) {
    if (compareEntries(entries[i - 1]!, entries[i]!) > 0) return false
  }
  return true
}

function json(status: number, body: unknown, headers?: Record<string, string>): Reply {
  return { kind: 'json', status, body, headers }
}

function rateLimited(retryAfterSeconds: number): Reply {
  const body = {
    error: 'rate_limited',
    error_description: `Rate limit exceeded. Retry after ${retryAfterSeconds} seconds.`
  }
  return json(429, body, { 'Retry-After': String(retryAfterSeconds) })
}

/** The reply of a fault that replaces the normal answer; null for faults that alter it. */
function faultToReply(fault: Fault): Reply | null {
  switch (fault.kind) {
    case '429':
      return rateLimited(Math.max(0, Math.ceil(fault.retryAfterSeconds ?? 1)))
    case '500':
    case '502':
    case '503':
      return json(Number(fault.kind), ERRORS[fault.kind])
    case 'reset':
      return { kind: 'reset' }
    case 'timeout':
      return { kind: 'timeout' }
    case 'lie-total':
    case 'truncate':
      return null
  }
}

function jsonHeaders(length: number): Record<string, string | number> {
  return {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': length,
    'Cache-Control': 'max-age=0, private, must-revalidate'
  }
}

/** A TCP RST where the platform supports it, so clients see ECONNRESET rather than a clean close. */
function resetSocket(socket: Socket): void {
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy()
  else socket.destroy()
}

function safeUrl(path: string, origin: string): URL | null {
  try {
    return new URL(path, origin)
  } catch {
    return null
  }
}

function hostForUrl(address: AddressInfo): string {
  const unspecified = address.address === '0.0.0.0' || address.address === '::'
  const host = unspecified ? 'localhost' : address.address
  return `${host.includes(':') ? `[${host}]` : host}:${address.port}`
}
