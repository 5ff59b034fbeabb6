/**
 * A real HTTP server (node:http, no dependencies) that behaves like Harvest API v2
 * `GET /v2/time_entries` as far as the exporter relies on it: auth headers, from/to filters,
 * cursor and page-number pagination, Harvest's ordering, the 100-requests-per-15-seconds rate
 * limit, and injectable faults (throttling, 5xx, resets, hangs, lying totals, truncated bodies).
 *
 * Used by tests, `npm run demo` and the benchmark, so it must stay deterministic (seeded data,
 * fixed timestamps for mutations) and fast for a quarter of a million entries.
 */
import http from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { performance } from 'node:perf_hooks'
import { addDays, isIsoDate } from '../src/util/calendar.js'
import type { TimeEntry } from '../src/harvest/types.js'
import {
  compareEntries,
  DEFAULT_START_ID,
  formatTimestamp,
  generateEntries,
  makeEntry,
  todayUtc,
  type SortKey
} from './harvest-data.js'
import { buildPage, parseListQuery, TIME_ENTRIES_PATH } from './harvest-paging.js'

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
  /** Restricts the fault to some requests; default: every authenticated time-entries request. */
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
  account: {
    error: 'forbidden',
    error_description:
      'The object you requested was found but you don’t have authorization to perform your request.'
  },
  notFound: { status: 404, error: 'Not Found' },
  method: { status: 405, error: 'Method Not Allowed' },
  500: { status: 500, error: 'Internal Server Error' },
  502: { status: 502, error: 'Bad Gateway' },
  503: { status: 503, error: 'Service Unavailable' }
} as const

/** What to do with a request, decided synchronously and delivered after the latency. */
type Reply =
  | { kind: 'json'; status: number; body: unknown; headers?: Record<string, string> }
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

  private readonly host: string
  private readonly port: number
  private readonly seed: number
  /** Settable between requests, e.g. to slow down one test. */
  latencyMs: number
  private readonly rateLimit: { max: number; windowMs: number } | false
  private readonly maxPerPage: number
  /** created_at of added entries: fixed, so tests stay deterministic. */
  private readonly addedAt: string

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
  /** Logical clock for updated_at bumps: deterministic, and strictly increasing. */
  private clockMs: number

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
    this.addedAt = `${this.to}T23:59:59Z`
    this.clockMs = Date.parse(this.addedAt)
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
  }

  /** A new entry with the next id and realistic fields; `partial` overrides any of them. */
  add(partial: Partial<TimeEntry> = {}): TimeEntry {
    this.sortedEntries()
    const id = partial.id ?? this.nextId
    if (this.byId.get(id)?.id === id) throw new Error(`Entry ${id} already exists`)
    const spentDate = requireDate(partial.spent_date ?? this.to)
    const createdAt = partial.created_at ?? this.addedAt
    const updatedAt = typeof partial.updated_at === 'string' ? partial.updated_at : createdAt
    const stamp = { id, spent_date: spentDate, created_at: createdAt, updated_at: updatedAt }
    // Spreading over the generated entry keeps Harvest's field order for overridden fields.
    const entry: TimeEntry = { ...makeEntry(this.seed, stamp), ...partial, ...stamp }
    this.nextId = Math.max(this.nextId, id + 1)
    this.insertSorted(entry)
    this.byId.set(id, entry)
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
    if (patch.updated_at === undefined) entry.updated_at = this.tick(entry.updated_at)
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
      }
      this.orderedLength = this.data.length
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

  private tick(previous: unknown): string {
    const previousMs = typeof previous === 'string' ? Date.parse(previous) : NaN
    this.clockMs = Math.max(this.clockMs, Number.isNaN(previousMs) ? 0 : previousMs) + 1000
    return formatTimestamp(this.clockMs)
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
    if (url.pathname !== TIME_ENTRIES_PATH) return json(404, ERRORS.notFound)
    if (req.method !== 'GET') return json(405, ERRORS.method, { Allow: 'GET' })
    const token = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1]
    if (token !== this.token) return json(401, ERRORS.token)
    if (req.headers['harvest-account-id'] !== this.accountId) return json(403, ERRORS.account)

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
    const reply = this.listTimeEntries(url, origin, fault?.kind === 'lie-total' ? 1 : 0)
    return fault?.kind === 'truncate' && reply.kind === 'json'
      ? { ...reply, kind: 'truncate' }
      : reply
  }

  private listTimeEntries(url: URL, origin: string, extraTotal: number): Reply {
    const parsed = parseListQuery(url.searchParams, this.maxPerPage)
    if (!parsed.ok) return json(422, { message: parsed.message })
    const { query } = parsed
    // A first page starts a walk: the one moment worth an O(n) check for in-place edits.
    const sorted = this.sortedEntries(query.cursor === null && (query.page ?? 1) === 1)
    return json(200, buildPage(sorted, query, origin, extraTotal))
  }

  private deliver(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    reply: Reply,
    url: string,
    startedAt: number
  ): void {
    const socket = req.socket
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
        res.writeHead(reply.status, jsonHeaders(body.length))
        res.write(body.subarray(0, body.length >> 1), () => socket.destroy())
        this.record(url, 'truncate', reply.status, startedAt)
        return
      }
      case 'json': {
        if (socket.destroyed) return this.record(url, 'aborted', 0, startedAt)
        const body = Buffer.from(JSON.stringify(reply.body))
        res.writeHead(reply.status, { ...jsonHeaders(body.length), ...reply.headers })
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
