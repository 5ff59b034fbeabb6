/**
 * One GET over `node:http` / `node:https`, the decompressed body in one Buffer: leaner than
 * `fetch`, whose WHATWG streams cost more CPU than parsing the pages they carry.
 */
import http from 'node:http'
import https from 'node:https'
import { promisify } from 'node:util'
import zlib from 'node:zlib'
import { HarvestError } from '../errors.js'
import { MAX_BODY_BYTES } from './bounds.js'

export interface HttpResponse {
  status: number
  /** A header's value (repeated ones joined by ", "), case-insensitively; undefined when absent. */
  header(name: string): string | undefined
  /** The body as sent, `Content-Encoding` undone. */
  body: Buffer
}

/** What `fetch` offered Harvest, so Harvest compresses its answers exactly as before. */
export const ACCEPT_ENCODING = 'gzip, deflate, br'

export type Agents = Record<'http' | 'https', http.Agent>

/**
 * One keep-alive agent per protocol (no socket limit: never fewer than the walks). As with
 * Node's global agents, idle sockets are unref'd and closed after 5 s, and an environment proxy
 * applies exactly when it does to them (NODE_USE_ENV_PROXY, as for fetch).
 */
export function newAgents(): Agents {
  const agent = (module: typeof http | typeof https): http.Agent => {
    const { proxyEnv } = (module.globalAgent as { options?: http.AgentOptions }).options ?? {}
    const options = { keepAlive: true, scheduling: 'lifo' as const, timeout: 5_000 }
    return new module.Agent({ ...options, ...(proxyEnv ? { proxyEnv } : {}) })
  }
  return { http: agent(http), https: agent(https) }
}

/**
 * GETs `url`, never following redirects; rejects with `signal.reason` on abort (body included),
 * on a network error or short body, and with `BodyTooLarge` past `MAX_BODY_BYTES` (either side).
 */
export function httpGet(
  url: string,
  headers: http.OutgoingHttpHeaders,
  agents: Agents,
  signal: AbortSignal
): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the signal's own reason, as fetch does
    if (signal.aborted) return reject(signal.reason)
    let settled = false
    let request: http.ClientRequest | undefined
    const settle = (): boolean => {
      if (settled) return false
      settled = true
      signal.removeEventListener('abort', onAbort)
      return true
    }
    const fail = (error: unknown): void => {
      if (!settle()) return
      // A half-read socket must not go back to the pool.
      request?.destroy()
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the signal's reason, or the network's error
      reject(error)
    }
    const onAbort = (): void => fail(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    let target: URL
    try {
      target = new URL(url)
      const secure = target.protocol === 'https:'
      request = (secure ? https : http).request(target, {
        headers,
        agent: secure ? agents.https : agents.http
      })
    } catch (error) {
      return fail(error)
    }
    request.on('error', fail)
    request.on('response', (response) => {
      const status = response.statusCode ?? 0
      const header = (name: string): string | undefined => {
        const value = response.headers[name.toLowerCase()]
        return Array.isArray(value) ? value.join(', ') : value
      }
      let codings: string[]
      try {
        codings = contentCodings(header('content-encoding'))
      } catch (error) {
        return fail(error)
      }
      const declared = header('content-length')
      if (declared !== undefined && Number(declared) > MAX_BODY_BYTES) {
        return fail(new BodyTooLarge(target))
      }
      const chunks: Buffer[] = []
      let received = 0
      response.on('data', (chunk: Buffer) => {
        received += chunk.length
        if (received > MAX_BODY_BYTES) return fail(new BodyTooLarge(target))
        chunks.push(chunk)
      })
      const cutShort = (): void =>
        fail(
          new Error(
            declared === undefined || !Number.isFinite(Number(declared))
              ? `response body cut short after ${received} bytes`
              : `response body cut short: ${received} of ${Number(declared)} bytes`
          )
        )
      // Node reports a connection closed mid-body as an error ('aborted') and then a close.
      response.on('error', cutShort)
      response.on('close', () => {
        if (!response.complete) cutShort()
      })
      response.on('end', () => {
        if (!response.complete) return cutShort()
        if (declared !== undefined && Number(declared) !== received) return cutShort()
        decode(Buffer.concat(chunks, received), codings, target).then((body) => {
          if (settle()) resolve({ status, header, body })
        }, fail)
      })
    })
    request.end()
  })
}

/**
 * An answer larger than any page Harvest sends: a compressed "bomb" or a broken server. Not
 * worth another try (the same request gets the same answer), so it is a `HarvestError`. The
 * client adds what to check, naming the URL setting as the running face spells it.
 */
export class BodyTooLarge extends HarvestError {
  constructor(url: URL) {
    super(
      `Harvest's answer for ${url.origin}${url.pathname} is larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB ` +
        '(after decompression), far more than any page Harvest sends: refusing to read it.'
    )
    this.name = 'BodyTooLarge'
  }
}

/** The codings of a `Content-Encoding`, in the order to undo them; throws for an unknown one. */
function contentCodings(header: string | undefined): string[] {
  const codings = (header ?? '')
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity')
  const undecodable = codings.find((coding) => !Object.hasOwn(DECODERS, coding))
  if (undecodable !== undefined) {
    throw new HarvestError(
      `Harvest answered with Content-Encoding "${undecodable.slice(0, 40)}", which the exporter did not ask for ` +
        `and cannot decode (it asks for ${ACCEPT_ENCODING}): a proxy between here and Harvest may be changing the answer.`
    )
  }
  return codings.reverse()
}

const gunzip = promisify(zlib.gunzip)
const inflate = promisify(zlib.inflate)
const inflateRaw = promisify(zlib.inflateRaw)
const brotliDecompress = promisify(zlib.brotliDecompress)

/** zlib stops inflating past this, so a bomb never grows beyond it in memory. */
const BOUNDED = { maxOutputLength: MAX_BODY_BYTES }

/** Decoding runs on libuv's thread pool, off the event loop. */
const DECODERS: Record<string, (body: Buffer) => Promise<Buffer>> = {
  gzip: (body) => gunzip(body, BOUNDED),
  'x-gzip': (body) => gunzip(body, BOUNDED),
  // "deflate" means zlib-wrapped, but some servers send it raw; fetch (undici) accepts both.
  deflate: (body) =>
    (body[0] & 0x0f) === 0x08 ? inflate(body, BOUNDED) : inflateRaw(body, BOUNDED),
  br: (body) => brotliDecompress(body, BOUNDED)
}

async function decode(body: Buffer, codings: string[], url: URL): Promise<Buffer> {
  // An empty body (a 204, an error without one) is empty whatever it claims to be encoded with.
  if (body.length === 0) return body
  let decoded = body
  for (const coding of codings) {
    try {
      decoded = await DECODERS[coding](decoded)
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') throw new BodyTooLarge(url)
      // Most often a body cut short: as retryable as one that came short on the wire.
      throw new Error(`${coding} body could not be decoded: ${(error as Error).message}`, {
        cause: error
      })
    }
  }
  return decoded
}
