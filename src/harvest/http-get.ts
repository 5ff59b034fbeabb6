/**
 * One GET over `node:http` / `node:https`, the whole (decompressed) body in one Buffer. The
 * Harvest client's only transport: leaner than the global `fetch`, whose WHATWG streams cost
 * more CPU than parsing the pages they carry.
 */
import http from 'node:http'
import https from 'node:https'
import { promisify } from 'node:util'
import zlib from 'node:zlib'
import { HarvestError } from '../errors.js'

/** What `interpret` reads of an answer: its status and its headers. */
export interface HttpAnswer {
  status: number
  /** A header's value (repeated ones joined by ", "), case-insensitively; undefined when absent. */
  header(name: string): string | undefined
}

export interface HttpResponse extends HttpAnswer {
  /** The body as sent, `Content-Encoding` undone. */
  body: Buffer
}

/** What `fetch` offered Harvest, so Harvest compresses its answers exactly as before. */
export const ACCEPT_ENCODING = 'gzip, deflate, br'

/**
 * One keep-alive agent per protocol, made on first use: concurrent range walks reuse their
 * connections (no socket limit, so never fewer than the walks). Like Node's global agents, an
 * idle socket is unref'd (it never holds a process open) and closed after 5 s; an environment
 * proxy applies exactly when it does to the global agents (NODE_USE_ENV_PROXY, as for fetch).
 */
export class Agents {
  private httpAgent?: http.Agent
  private httpsAgent?: https.Agent

  for(protocol: string): http.Agent {
    if (protocol === 'https:') {
      return (this.httpsAgent ??= new https.Agent(agentOptions(https.globalAgent)))
    }
    return (this.httpAgent ??= new http.Agent(agentOptions(http.globalAgent)))
  }

  /** Closes every socket, idle or not; a later request opens new ones. */
  destroy(): void {
    this.httpAgent?.destroy()
    this.httpsAgent?.destroy()
  }
}

function agentOptions(global: http.Agent): http.AgentOptions {
  const { proxyEnv } = (global as { options?: http.AgentOptions }).options ?? {}
  return { keepAlive: true, scheduling: 'lifo', timeout: 5_000, ...(proxyEnv ? { proxyEnv } : {}) }
}

/**
 * GETs `url` with `headers`; rejects with `signal.reason` once `signal` aborts (before the
 * answer or during its body), with the network's error on a failure, and with a
 * `BodyCutShort` for a body that ended before its length. Never follows redirects.
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
    try {
      const target = new URL(url)
      const transport = target.protocol === 'https:' ? https : http
      request = transport.request(target, { headers, agent: agents.for(target.protocol) })
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
      const chunks: Buffer[] = []
      let received = 0
      response.on('data', (chunk: Buffer) => {
        chunks.push(chunk)
        received += chunk.length
      })
      const cutShort = (): void =>
        fail(new BodyCutShort(received, declared === undefined ? undefined : Number(declared)))
      // Node reports a connection closed mid-body as an error ('aborted') and then a close.
      response.on('error', cutShort)
      response.on('close', () => {
        if (!response.complete) cutShort()
      })
      response.on('end', () => {
        if (!response.complete) return cutShort()
        if (declared !== undefined && Number(declared) !== received) return cutShort()
        decode(Buffer.concat(chunks, received), codings).then((body) => {
          if (settle()) resolve({ status, header, body })
        }, fail)
      })
    })
    request.end()
  })
}

/** A body that ended before the length announced (or before its chunked end). */
export class BodyCutShort extends Error {
  constructor(received: number, declared?: number) {
    super(
      declared === undefined || !Number.isFinite(declared)
        ? `response body cut short after ${received} bytes`
        : `response body cut short: ${received} of ${declared} bytes`
    )
    this.name = 'BodyCutShort'
  }
}

/** The codings of a `Content-Encoding`, in the order to undo them; throws for an unknown one. */
function contentCodings(header: string | undefined): string[] {
  const codings = (header ?? '')
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity')
  for (const coding of codings) {
    if (!Object.hasOwn(DECODERS, coding)) {
      throw new HarvestError(
        `Harvest answered with Content-Encoding "${coding.slice(0, 40)}", which the exporter did not ask for ` +
          `and cannot decode (it asks for ${ACCEPT_ENCODING}): a proxy between here and Harvest may be changing the answer.`
      )
    }
  }
  return codings.reverse()
}

const gunzip = promisify(zlib.gunzip)
const inflate = promisify(zlib.inflate)
const inflateRaw = promisify(zlib.inflateRaw)
const brotliDecompress = promisify(zlib.brotliDecompress)

/** Decoding runs on libuv's thread pool, off the event loop. */
const DECODERS: Record<string, (body: Buffer) => Promise<Buffer>> = {
  gzip: (body) => gunzip(body),
  'x-gzip': (body) => gunzip(body),
  // "deflate" means zlib-wrapped, but some servers send it raw; fetch (undici) accepts both.
  deflate: (body) => ((body[0] & 0x0f) === 0x08 ? inflate(body) : inflateRaw(body)),
  br: (body) => brotliDecompress(body)
}

async function decode(body: Buffer, codings: string[]): Promise<Buffer> {
  // An empty body (a 204, an error without one) is empty whatever it claims to be encoded with.
  if (body.length === 0) return body
  let decoded = body
  for (const coding of codings) {
    try {
      decoded = await DECODERS[coding](decoded)
    } catch (error) {
      // Most often a body cut short: as retryable as one that came short on the wire.
      throw new Error(`${coding} body could not be decoded: ${(error as Error).message}`, {
        cause: error
      })
    }
  }
  return decoded
}
