import { HarvestError, errorMessage } from '../errors.js'
import { words, type Wording } from '../wording.js'
import { RetryableError, withRetry, type RetryPolicy } from '../util/retry.js'
import { RateLimiter, HARVEST_RATE_LIMIT, type RateLimit } from './rate-limiter.js'
import { readRange } from './completeness.js'
import { deferredPage, locateEntries } from './page-bytes.js'
import type { DaysRead, TimeEntriesPage, TimeEntryPages } from './types.js'
import { sameOrigin } from '../util/loopback.js'
import { ACCEPT_ENCODING, BodyTooLarge, httpGet, newAgents, type HttpResponse } from './http-get.js'
import { redact } from '../util/redact.js'
import { URL_SETTING, redactUrl, retryAfterMs, statusAdvice } from './status-advice.js'
import { isJsonObject } from '../util/json-object.js'

export { DEFAULT_HARVEST_URL } from './status-advice.js'

/** Harvest's maximum page size for time entries. */
export const PAGE_SIZE = 2000

export interface HarvestClientOptions {
  url: string
  accountId: string
  accessToken: string
  userAgent: string
  /** Per request, body included. */
  timeoutMs?: number
  retry?: RetryPolicy
  rateLimit?: RateLimit
  /** Called before each retry, for logs (never given the token). */
  onRetry?: (reason: string, delayMs: number) => void
}

/** About 8 s of retrying in all: long enough for a blip, short enough to fail a broken run fast. */
const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 500, maxDelayMs: 8_000 }

/**
 * What an answer must hold: a page of time entries, any JSON object (the sweep's reads), or
 * any JSON (other resources, whose 403 names the resource through `forbidden`).
 */
interface Expected {
  shape: 'time_entries' | 'object' | 'any'
  forbidden?: () => Error
}
/** What `response.text()` does: a leading BOM dropped, malformed bytes replaced. */
const UTF8 = new TextDecoder()

/**
 * Reads Harvest over HTTP: follows `links.next` as returned (never off Harvest's origin), retries
 * transient failures, shares one rate limiter between walks. Completeness is `readRange`'s job.
 */
export class HarvestClient implements TimeEntryPages {
  /** HTTP requests sent to Harvest, retries included. */
  requests = 0
  /** Harvest's clock (its `Date` header) at the first answer: where the run started reading. */
  startedAt?: string
  private readonly limiter: RateLimiter
  private readonly base: URL
  private readonly agents = newAgents()
  private readonly headers: Record<string, string>

  constructor(private readonly options: HarvestClientOptions) {
    this.limiter = new RateLimiter(options.rateLimit ?? HARVEST_RATE_LIMIT)
    this.base = new URL(options.url)
    this.headers = {
      Authorization: `Bearer ${options.accessToken}`,
      'Harvest-Account-Id': options.accountId,
      'User-Agent': options.userAgent,
      Accept: 'application/json',
      'Accept-Encoding': ACCEPT_ENCODING
    }
  }

  /** Closes every connection to Harvest (idle ones never hold the process open anyway). */
  close(): void {
    for (const agent of Object.values(this.agents)) agent.destroy()
  }

  firstPage(from: string, to: string, signal?: AbortSignal): Promise<TimeEntriesPage> {
    const url = entriesUrl(this.options.url, { from, to, per_page: String(PAGE_SIZE) })
    return this.getPage(url.toString(), signal, { shape: 'time_entries' })
  }

  /** Every entry with a spent date in `from..to`, checked complete (see `readRange`). */
  fetchRange(from: string, to: string, signal?: AbortSignal): Promise<DaysRead> {
    return readRange(this, from, to, signal)
  }

  nextPage(next: string, signal?: AbortSignal): Promise<TimeEntriesPage> {
    return this.getPage(this.nextUrl(next), signal, { shape: 'time_entries' })
  }

  /** Another endpoint (`resources`) through the same limiter and retries; a 403 is `forbidden()`. */
  getJson(url: string, forbidden: () => Error, signal?: AbortSignal): Promise<unknown> {
    return this.getPage(url, signal, { shape: 'any', forbidden })
  }

  /** Any GET on Harvest's origin (another endpoint, a filtered list): the JSON object. */
  async getDocument(url: string, signal?: AbortSignal): Promise<Record<string, unknown>> {
    return this.getPage(this.nextUrl(url), signal, { shape: 'object' })
  }

  /** `links.next` of any endpoint, checked: the token goes wherever it points. */
  nextUrl(next: string): string {
    let url: URL
    try {
      url = new URL(next, this.options.url)
    } catch {
      throw new HarvestError(`Harvest returned a malformed links.next (${next}).`)
    }
    if (!sameOrigin(url, this.base)) {
      throw new HarvestError(
        `Harvest's links.next points to ${url.origin}, not ${this.base.origin}; refusing to send the token there.`
      )
    }
    return url.toString()
  }

  private getPage(url: string, signal: AbortSignal | undefined, expected: Expected) {
    const attempt = async () => this.interpret(await this.request(url, signal), url, expected)
    return withRetry(this.options.retry ?? DEFAULT_RETRY, attempt, {
      signal,
      onRetry: (error, delay) => this.options.onRetry?.(error.message, delay),
      giveUp: (error, attempts) =>
        new HarvestError(
          words`${error.message}, still after ${attempts} attempts: Harvest may be down (https://www.harveststatus.com) or unreachable from here, so check ${URL_SETTING} and run the export again.`
        )
    })
  }

  /** One request: its answer, or a retryable failure (network, 408, 429, 5xx). */
  private async request(url: string, signal: AbortSignal | undefined): Promise<HttpResponse> {
    await this.limiter.acquire(signal)
    this.requests++
    const timeout = AbortSignal.timeout(this.options.timeoutMs ?? 30_000)
    let response: HttpResponse
    try {
      const requestSignal = signal ? AbortSignal.any([signal, timeout]) : timeout
      response = await httpGet(url, this.headers, this.agents, requestSignal)
    } catch (error) {
      if (signal?.aborted) throw signal.reason
      if (error instanceof BodyTooLarge) {
        throw new HarvestError(
          words`${error.message} Check ${URL_SETTING}, or a proxy between here and Harvest.`
        )
      }
      // An answer the exporter cannot read however often it asks (an unknown Content-Encoding).
      if (error instanceof HarvestError) throw error
      const reason = timeout.aborted ? 'timed out' : networkCode(error)
      throw new RetryableError(`Harvest request failed (${reason})`, undefined, { cause: error })
    }
    const { status } = response
    if (status === 429) {
      const afterMs = retryAfterMs(response.header('retry-after'))
      this.limiter.pauseFor(afterMs)
      throw new RetryableError(
        `Harvest rate limit reached (429), waiting ${Math.ceil(afterMs / 1000)} s`,
        afterMs
      )
    }
    if (status >= 500 || status === 408) throw new RetryableError(`Harvest answered ${status}`)
    return response
  }

  private interpret(response: HttpResponse, url: string, expected: Expected): TimeEntriesPage {
    const { status, body } = response
    if (status === 403 && expected.forbidden) throw expected.forbidden()
    if (status !== 200) {
      const advice = statusAdvice(status, UTF8.decode(body), this.options, {
        url,
        location: response.header('location')
      })
      throw new HarvestError(withoutToken(advice, this.options.accessToken), { status })
    }
    this.startedAt ??= response.header('date')
    const { shape } = expected
    const deferred = shape === 'time_entries' ? deferredPage(body) : undefined
    if (deferred) return deferred
    let page: unknown
    try {
      page = JSON.parse(UTF8.decode(body))
    } catch {
      // A body cut short by a dropped connection reads as broken JSON: worth another try.
      throw new RetryableError('Harvest returned an incomplete response body')
    }
    const isObject = isJsonObject(page)
    if (shape === 'any' || (shape === 'object' && isObject)) return page as TimeEntriesPage
    if (!isObject || !Array.isArray((page as TimeEntriesPage).time_entries)) {
      throw new HarvestError(
        words`${redactUrl(url)} did not return Harvest time entries (no "time_entries" array): check ${URL_SETTING}.`
      )
    }
    locateEntries(page as TimeEntriesPage, body)
    return page as TimeEntriesPage
  }
}

/** harvest-url (the time entries endpoint) with `params` set. */
export function entriesUrl(url: string, params: Record<string, string>): URL {
  const entries = new URL(url)
  for (const [name, value] of Object.entries(params)) entries.searchParams.set(name, value)
  return entries
}

/** Node's error code (ECONNRESET, ENOTFOUND, ...) or the message. */
function networkCode(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code
  return typeof code === 'string' && code !== '' ? code : errorMessage(error)
}

/** A server's words quoted in a message could echo the token back, in any case or encoding. */
function withoutToken(message: Wording, token: string): Wording {
  return message.map((part) =>
    typeof part === 'string' ? redact(part, [token], '[redacted]') : part
  )
}
