import type http from 'node:http'
import { createGzip, gzipSync } from 'node:zlib'
import { LoopbackDouble, type Reply } from './loopback-double.js'

/** The ways a hostile (or badly broken) Harvest answers every request. */
export type Attack =
  /** A small gzip body that inflates to `bombBytes` of zeros. */
  | 'gzip-bomb'
  /** A legitimate gzipped page whose one entry pads the body to about `bombBytes` inflated. */
  | 'big-page'
  /** 429 with a Retry-After of `retryAfter`. */
  | 'huge-retry-after'
  /** Empty pages that always link onward (same origin), reporting `total_entries: 0`; any list endpoint. */
  | 'endless-pages'
  /** One entry whose spent_date is `spentDate`, inside the asked range as text. */
  | 'bad-spent-date'
  /** One entry whose id is `entryId`. */
  | 'bad-id'
  /** 400 whose message echoes the bearer token lower-cased, upper-cased, URL-encoded and \u-escaped. */
  | 'echo-token'

/**
 * A "Harvest" on loopback that attacks the client: each request is answered as `attack`
 * says, whatever its path. `requests` counts what reached it, so a test can tell a bounded
 * read from an endless one.
 */
export class HostileHarvest extends LoopbackDouble {
  requests = 0
  retryAfter = '999999'
  spentDate = '2026-12-04/../../x'
  entryId: unknown = 1
  /** How far the bomb inflates (1 GiB by default, about 1 MB on the wire). */
  bombBytes = 1024 ** 3

  constructor(public attack: Attack) {
    super()
  }

  /** The time-entries URL to give as harvest-url. */
  get url(): string {
    return `${this.endpoint}/v2/time_entries`
  }

  protected async answer(request: http.IncomingMessage): Promise<Reply> {
    this.requests++
    const url = new URL(request.url ?? '/', this.endpoint)
    switch (this.attack) {
      case 'gzip-bomb':
        return {
          status: 200,
          headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
          body: await gzipBomb(this.bombBytes)
        }
      case 'big-page': {
        const padding = 'a'.repeat(this.bombBytes - 200)
        return {
          status: 200,
          headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
          body: gzipSync(
            page([{ ...entryOn(1, url.searchParams.get('to')!), notes: padding }], 1).body as string
          )
        }
      }
      case 'huge-retry-after':
        return {
          status: 429,
          headers: { 'Retry-After': this.retryAfter },
          body: { message: 'slow down' }
        }
      case 'endless-pages': {
        const next = new URL(url)
        next.searchParams.set('page', String(Number(url.searchParams.get('page') ?? 1) + 1))
        const list = url.pathname.split('/').pop()!
        return page([], 0, next.toString(), list)
      }
      case 'bad-spent-date':
        return page([entryOn(1, this.spentDate)], 1)
      case 'bad-id':
        return page(
          [{ ...entryOn(1, url.searchParams.get('to') ?? '2025-01-01'), id: this.entryId }],
          1
        )
      case 'echo-token': {
        const token = (request.headers.authorization ?? '').replace(/^Bearer /, '')
        const escaped = [...token]
          .map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
          .join('')
        return {
          status: 400,
          headers: { 'Content-Type': 'application/json' },
          // Raw JSON text, so the \u escapes reach the client as written.
          body: `{"message":"bad token ${token.toLowerCase()} / ${token.toUpperCase()} / ${encodeURIComponent(token)} / ${escaped}"}`
        }
      }
    }
  }
}

function page(
  entries: unknown[],
  total: number,
  next: string | null = null,
  list = 'time_entries'
): Reply {
  return {
    status: 200,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ [list]: entries, per_page: 2000, total_entries: total, links: { next } })
  }
}

function entryOn(id: number, date: string): Record<string, unknown> {
  return { id, spent_date: date, created_at: '2025-01-01T09:00:00Z', hours: 1 }
}

const bombs = new Map<number, Promise<Buffer>>()

/** `bytes` zeros gzipped, made once per size by streaming (never held inflated). */
export function gzipBomb(bytes: number): Promise<Buffer> {
  let bomb = bombs.get(bytes)
  if (!bomb) {
    bomb = new Promise<Buffer>((resolve, reject) => {
      const gzip = createGzip({ level: 9 })
      const chunks: Buffer[] = []
      gzip.on('data', (chunk: Buffer) => chunks.push(chunk))
      gzip.on('end', () => resolve(Buffer.concat(chunks)))
      gzip.on('error', reject)
      const zeros = Buffer.alloc(1024 * 1024)
      let left = bytes
      const write = (): void => {
        while (left > 0) {
          const chunk = zeros.subarray(0, Math.min(left, zeros.length))
          left -= chunk.length
          if (!gzip.write(chunk)) return void gzip.once('drain', write)
        }
        gzip.end()
      }
      write()
    })
    bombs.set(bytes, bomb)
  }
  return bomb
}
