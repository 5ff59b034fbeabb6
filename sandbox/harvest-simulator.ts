/**
 * A real HTTP server (node:http, no dependencies) that behaves like Harvest API v2 as far as
 * the exporter relies on it: `GET /v2/time_entries` and every other resource under `/v2/`
 * (see resource-routes.ts), auth headers, filters, cursor and page-number pagination,
 * Harvest's ordering, the 100-requests-per-15-seconds rate limit, a `Date` header from the
 * simulator's clock, gzipped answers for a client that accepts them, and injectable faults
 * (throttling, 5xx, resets, hangs, lying totals, truncated bodies) on any request.
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
import zlib from 'node:zlib'
import { addDays } from '../src/util/calendar.js'
import type { TimeEntry } from '../src/harvest/types.js'
import { todayUtc } from './harvest-data.js'
import { buildPage, parseListQuery, TIME_ENTRIES_PATH, type ListQuery } from './harvest-paging.js'
import { SimClock } from './clock.js'
import {
  ERRORS,
  FAULT_KINDS,
  faultToReply,
  json,
  jsonHeaders,
  rateLimited,
  resetSocket,
  type Fault,
  type Reply
} from './http-replies.js'
export type { Fault, FaultKind } from './http-replies.js'
import { requireDate } from './entry-store.js'
import { SimulatedAccount } from './simulated-account.js'
import { notFoundPage } from './not-found-page.js'
import { listResource } from './resource-routes.js'
import { isListResource, type ResourceName } from './resource-store.js'
import type { ResourceCounts } from './resources-data.js'

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

interface QueuedFault {
  fault: Fault
  remaining: number
}

export class HarvestSimulator extends SimulatedAccount {
  readonly accountId: string
  readonly token: string
  requestLog: RequestLogEntry[] = []

  private readonly host: string
  private readonly port: number
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

  constructor(options: SimulatorOptions = {}) {
    const range = defaultRange(options.from, options.to)
    const seed = options.seed ?? 1
    const clock = new SimClock(options.now)
    super(
      { seed, count: options.entries ?? 500, ...range, clock },
      { counts: options.resourceCounts, forbidden: options.forbidden }
    )
    this.host = options.host ?? '127.0.0.1'
    this.port = options.port ?? 0
    this.accountId = options.accountId ?? '123456'
    this.token = options.token ?? 'sim-token-0123456789'
    this.latencyMs = Math.max(0, options.latencyMs ?? 0)
    this.rateLimit = validRateLimit(options.rateLimit ?? HARVEST_RATE_LIMIT)
    this.maxPerPage = options.maxPerPage ?? HARVEST_MAX_PER_PAGE
    if (!Number.isInteger(this.maxPerPage) || this.maxPerPage < 1) {
      throw new Error(`Bad maxPerPage: ${this.maxPerPage}`)
    }
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
    const queued = this.faults[index]
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
    while (window.length > 0 && window[0] <= now - windowMs) window.shift()
    if (window.length >= max) return Math.max(1, Math.ceil((window[0] + windowMs - now) / 1000))
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
      case 'truncate':
        this.encode(req, Buffer.from(JSON.stringify(reply.body)), (body, encoding) => {
          if (socket.destroyed) return this.record(url, 'aborted', 0, startedAt)
          res.writeHead(reply.status, { ...jsonHeaders(body.length), ...encoding, ...date })
          res.write(body.subarray(0, body.length >> 1), () => socket.destroy())
          this.record(url, 'truncate', reply.status, startedAt)
        })
        return
      case 'json':
        if (socket.destroyed) return this.record(url, 'aborted', 0, startedAt)
        this.encode(req, Buffer.from(JSON.stringify(reply.body)), (body, encoding) => {
          if (socket.destroyed) return this.record(url, 'aborted', 0, startedAt)
          res.writeHead(reply.status, {
            ...jsonHeaders(body.length),
            ...encoding,
            ...reply.headers,
            ...date
          })
          res.end(body)
          this.record(url, String(reply.status), reply.status, startedAt)
        })
        return
      case 'html':
        if (socket.destroyed) return this.record(url, 'aborted', 0, startedAt)
        this.encode(req, Buffer.from(reply.body), (body, encoding) => {
          if (socket.destroyed) return this.record(url, 'aborted', 0, startedAt)
          res.writeHead(reply.status, {
            'Content-Type': 'text/html; charset=utf-8',
            'Content-Length': body.length,
            ...encoding,
            ...date
          })
          res.end(body)
          this.record(url, String(reply.status), reply.status, startedAt)
        })
    }
  }

  /**
   * Gzips `body` when the request's Accept-Encoding allows it, as Harvest does, and hands it on
   * with the headers to send. Level 1 and zlib's thread pool: the bench runs the simulator next
   * to the exporter on two cores, and the default level would spend several times the CPU per
   * page for a few percent fewer bytes, so the simulator's compression would distort the run.
   */
  private encode(
    req: http.IncomingMessage,
    body: Buffer,
    send: (body: Buffer, headers: Record<string, string>) => void
  ): void {
    const vary = { Vary: 'Accept-Encoding' }
    if (!acceptsGzip(req.headers['accept-encoding'])) return send(body, vary)
    zlib.gzip(body, { level: 1 }, (error, gzipped) => {
      if (error) {
        // A simulator bug must be loud; the body still goes out, uncompressed.
        console.error('HarvestSimulator: gzip failed', error)
        return send(body, vary)
      }
      send(gzipped, { ...vary, 'Content-Encoding': 'gzip' })
    })
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

/** Whether an Accept-Encoding header takes gzip (named or through `*`, with a q above 0). */
export function acceptsGzip(header: string | undefined): boolean {
  let gzip: boolean | undefined
  let any = false
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.split(';').map((piece) => piece.trim().toLowerCase())
    const q = params.find((param) => param.startsWith('q='))
    const accepted = q === undefined || Number(q.slice(2)) > 0
    if (name === 'gzip' || name === 'x-gzip') gzip = accepted
    else if (name === '*') any = accepted
  }
  return gzip ?? any
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
