import http from 'node:http'
import net from 'node:net'
import zlib from 'node:zlib'
import { closeNow, listenOnLoopback } from '../../../sandbox/loopback.js'
import { HarvestClient, type HarvestClientOptions } from '../../../src/harvest/client.js'

const TOKEN = 'tok-transport-secret-42'
const PAGE = {
  time_entries: [{ id: 7, spent_date: '2025-01-01', created_at: '2025-01-01T00:00:00Z' }],
  total_entries: 1,
  links: { next: null }
}
const PAGE_BYTES = Buffer.from(JSON.stringify(PAGE))

type Handler = (request: http.IncomingMessage, response: http.ServerResponse, count: number) => void

interface TestServer {
  url: string
  seen: http.IncomingHttpHeaders[]
  connections: number
  close: () => Promise<void>
}

/** A loopback server answering the n-th request (1-based) with `handler`. */
async function serve(handler: Handler): Promise<TestServer> {
  const seen: http.IncomingHttpHeaders[] = []
  const server = http.createServer((request, response) => {
    seen.push(request.headers)
    handler(request, response, seen.length)
  })
  const state = { connections: 0 }
  server.on('connection', () => state.connections++)
  const origin = await listenOnLoopback(server)
  return {
    url: `${origin}/v2/time_entries`,
    seen,
    get connections() {
      return state.connections
    },
    close: () => closeNow(server)
  }
}

/** A server writing `raw` bytes straight onto each connection, then closing it. */
async function serveRaw(raw: (count: number) => Buffer): Promise<TestServer & { count: number }> {
  let count = 0
  const sockets = new Set<net.Socket>()
  const server = net.createServer((socket) => {
    sockets.add(socket)
    socket.once('data', () => socket.end(raw(++count)))
    socket.on('error', () => undefined)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  return {
    url: `http://127.0.0.1:${port}/v2/time_entries`,
    seen: [],
    connections: 0,
    get count() {
      return count
    },
    close: async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}

function client(url: string, options: Partial<HarvestClientOptions> = {}): HarvestClient {
  return new HarvestClient({
    url,
    accountId: '1',
    accessToken: TOKEN,
    userAgent: 'transport-test',
    retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
    ...options
  })
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => new Error('expected a failure'),
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(Error)
  expect((error as Error).message).not.toContain(TOKEN)
  return error as Error
}

const ENCODERS: Array<[string, (body: Buffer) => Buffer]> = [
  ['gzip', (body) => zlib.gzipSync(body)],
  ['x-gzip', (body) => zlib.gzipSync(body)],
  ['deflate', (body) => zlib.deflateSync(body)],
  // Raw deflate, as some servers send "deflate": fetch accepted it too.
  ['deflate', (body) => zlib.deflateRawSync(body)],
  ['br', (body) => zlib.brotliCompressSync(body)],
  ['identity', (body) => body],
  ['gzip, br', (body) => zlib.brotliCompressSync(zlib.gzipSync(body))]
]

describe('the Harvest client over node:http', () => {
  it('sends the same headers as before, offering gzip, deflate and br', async () => {
    const server = await serve((_request, response) => response.end(PAGE_BYTES))
    try {
      await client(server.url).firstPage('2025-01-01', '2025-01-01')
      expect(server.seen[0]).toMatchObject({
        authorization: `Bearer ${TOKEN}`,
        'harvest-account-id': '1',
        'user-agent': 'transport-test',
        accept: 'application/json',
        'accept-encoding': 'gzip, deflate, br'
      })
    } finally {
      await server.close()
    }
  })

  it.each(ENCODERS)('decodes a %s body', async (encoding, encode) => {
    const body = encode(PAGE_BYTES)
    const server = await serve((_request, response) => {
      response.writeHead(200, { 'content-encoding': encoding, 'content-length': body.length })
      response.end(body)
    })
    try {
      const page = await client(server.url).firstPage('2025-01-01', '2025-01-01')
      expect(page.time_entries.map((entry) => entry.id)).toEqual([7])
      expect(page.total_entries).toBe(1)
    } finally {
      await server.close()
    }
  })

  it('reads a body without Content-Encoding as it is, chunked or not', async () => {
    const server = await serve((_request, response, count) => {
      if (count === 1) {
        response.writeHead(200, { 'content-length': PAGE_BYTES.length })
        return response.end(PAGE_BYTES)
      }
      // Chunked, in two writes.
      response.write(PAGE_BYTES.subarray(0, 10))
      response.end(PAGE_BYTES.subarray(10))
    })
    try {
      const harvest = client(server.url)
      for (let i = 0; i < 2; i++) {
        const page = await harvest.firstPage('2025-01-01', '2025-01-01')
        expect(page.time_entries.map((entry) => entry.id)).toEqual([7])
      }
    } finally {
      await server.close()
    }
  })

  it('decodes error bodies too, so Harvest’s words still reach the message', async () => {
    const body = zlib.gzipSync(JSON.stringify({ message: 'per_page is out of range' }))
    const server = await serve((_request, response) => {
      response.writeHead(422, { 'content-encoding': 'gzip' })
      response.end(body)
    })
    try {
      const error = await failure(client(server.url).firstPage('2025-01-01', '2025-01-01'))
      expect(error.message).toContain('422 Unprocessable Entity: per_page is out of range')
    } finally {
      await server.close()
    }
  })

  it('fails fast on a Content-Encoding it cannot decode', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(200, { 'content-encoding': 'zstd' })
      response.end(PAGE_BYTES)
    })
    try {
      const harvest = client(server.url, { retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 1 } })
      const error = await failure(harvest.firstPage('2025-01-01', '2025-01-01'))
      expect(error.message).toContain('Content-Encoding "zstd"')
      expect(server.seen).toHaveLength(1)
    } finally {
      await server.close()
    }
  })

  describe('a body cut short is retried', () => {
    const retrying = (url: string, reasons: string[]) =>
      client(url, {
        retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
        onRetry: (reason) => reasons.push(reason)
      })

    it('when the server drops the connection mid-body', async () => {
      const server = await serve((_request, response, count) => {
        response.writeHead(200, { 'content-length': PAGE_BYTES.length })
        if (count > 1) return response.end(PAGE_BYTES)
        response.write(PAGE_BYTES.subarray(0, 20), () => response.socket?.destroy())
      })
      try {
        const reasons: string[] = []
        const page = await retrying(server.url, reasons).firstPage('2025-01-01', '2025-01-01')
        expect(page.time_entries).toHaveLength(1)
        expect(server.seen).toHaveLength(2)
        expect(reasons).toEqual([
          `Harvest request failed (response body cut short: 20 of ${PAGE_BYTES.length} bytes)`
        ])
      } finally {
        await server.close()
      }
    })

    it('when a chunked body never gets its last chunk', async () => {
      const server = await serve((_request, response, count) => {
        if (count > 1) return response.end(PAGE_BYTES)
        response.write(PAGE_BYTES.subarray(0, 20), () => response.socket?.destroy())
      })
      try {
        const reasons: string[] = []
        await retrying(server.url, reasons).firstPage('2025-01-01', '2025-01-01')
        expect(server.seen).toHaveLength(2)
        expect(reasons).toEqual(['Harvest request failed (response body cut short after 20 bytes)'])
      } finally {
        await server.close()
      }
    })

    it('when the connection closes short of the Content-Length', async () => {
      const server = await serveRaw((count) => {
        const body = count > 1 ? PAGE_BYTES : PAGE_BYTES.subarray(0, 30)
        return Buffer.concat([
          Buffer.from(
            `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${PAGE_BYTES.length}\r\n\r\n`
          ),
          body
        ])
      })
      try {
        const reasons: string[] = []
        const page = await retrying(server.url, reasons).firstPage('2025-01-01', '2025-01-01')
        expect(page.time_entries).toHaveLength(1)
        expect(server.count).toBe(2)
        expect(reasons).toEqual([
          `Harvest request failed (response body cut short: 30 of ${PAGE_BYTES.length} bytes)`
        ])
      } finally {
        await server.close()
      }
    })

    it('when a gzip stream stops early though the HTTP body is whole', async () => {
      const gzipped = zlib.gzipSync(PAGE_BYTES)
      const server = await serve((_request, response, count) => {
        const body = count > 1 ? gzipped : gzipped.subarray(0, gzipped.length - 12)
        response.writeHead(200, { 'content-encoding': 'gzip', 'content-length': body.length })
        response.end(body)
      })
      try {
        const reasons: string[] = []
        const page = await retrying(server.url, reasons).firstPage('2025-01-01', '2025-01-01')
        expect(page.time_entries).toHaveLength(1)
        expect(reasons).toHaveLength(1)
        expect(reasons[0]).toBe(
          'Harvest request failed (gzip body could not be decoded: unexpected end of file)'
        )
      } finally {
        await server.close()
      }
    })
  })

  it('times out a body that stalls, with the usual message', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(200, { 'content-length': PAGE_BYTES.length })
      response.write(PAGE_BYTES.subarray(0, 10))
    })
    try {
      const started = Date.now()
      const error = await failure(
        client(server.url, { timeoutMs: 300 }).firstPage('2025-01-01', '2025-01-01')
      )
      expect(error.message).toMatch(/^Harvest request failed \(timed out\), still after 1 attempts/)
      expect(Date.now() - started).toBeLessThan(5_000)
    } finally {
      await server.close()
    }
  })

  it('stops at once when the caller aborts, before or during the body, without retrying', async () => {
    let answered: () => void = () => undefined
    const headersSent = new Promise<void>((resolve) => (answered = resolve))
    const server = await serve((_request, response) => {
      response.writeHead(200, { 'content-length': PAGE_BYTES.length })
      response.write(PAGE_BYTES.subarray(0, 10), () => answered())
    })
    try {
      const harvest = client(server.url, { retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 1 } })
      const during = new AbortController()
      const reading = harvest.firstPage('2025-01-01', '2025-01-01', during.signal)
      await headersSent
      const reason = new Error('stopped by the test')
      during.abort(reason)
      await expect(reading).rejects.toBe(reason)
      expect(server.seen).toHaveLength(1)

      const before = new AbortController()
      before.abort(reason)
      await expect(harvest.firstPage('2025-01-01', '2025-01-01', before.signal)).rejects.toBe(
        reason
      )
      expect(server.seen).toHaveLength(1)
    } finally {
      await server.close()
    }
  })

  it('does not follow a redirect, and says where it pointed without its query', async () => {
    const elsewhere = await serve((_request, response) => response.end(PAGE_BYTES))
    const server = await serve((_request, response) => {
      response.writeHead(302, { location: `${elsewhere.url}?steal=${TOKEN}` })
      response.end()
    })
    try {
      const harvest = client(server.url, { retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 1 } })
      const error = await failure(harvest.firstPage('2025-01-01', '2025-01-01'))
      expect(error.message).toBe(
        `Harvest answered 302, a redirect to ${elsewhere.url} for ${server.url}, which the exporter ` +
          'does not follow so the token is sent nowhere else: check harvest-url ' +
          '(default https://api.harvestapp.com/v2/time_entries).'
      )
      expect(server.seen).toHaveLength(1)
      expect(elsewhere.seen).toHaveLength(0)
    } finally {
      await server.close()
      await elsewhere.close()
    }
  })

  it('never quotes the token, even when the server echoes it back', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(400, { 'content-type': 'application/json' })
      response.end(JSON.stringify({ message: `Bearer ${TOKEN} is not allowed here` }))
    })
    try {
      const error = await failure(client(server.url).firstPage('2025-01-01', '2025-01-01'))
      expect(error.message).toContain(
        'Harvest answered 400 (Bearer [redacted] is not allowed here)'
      )
    } finally {
      await server.close()
    }
  })

  it('never quotes the token in network failures', async () => {
    const refused = await serve(() => undefined)
    const url = refused.url
    await refused.close()
    const error = await failure(client(url).firstPage('2025-01-01', '2025-01-01'))
    expect(error.message).toMatch(/^Harvest request failed \(ECONNREFUSED\)/)
  })

  it('keeps one connection alive across requests and closes it with close()', async () => {
    const server = await serve((_request, response) => response.end(PAGE_BYTES))
    try {
      const harvest = client(server.url)
      for (let i = 0; i < 3; i++) await harvest.firstPage('2025-01-01', '2025-01-01')
      expect(server.seen).toHaveLength(3)
      expect(server.connections).toBe(1)
      // Side by side: as many connections as requests in flight, none queued behind a limit.
      await Promise.all(
        Array.from({ length: 8 }, () => harvest.firstPage('2025-01-01', '2025-01-01'))
      )
      expect(server.connections).toBe(8)
      harvest.close()
      await harvest.firstPage('2025-01-01', '2025-01-01')
      expect(server.connections).toBe(9)
      harvest.close()
    } finally {
      await server.close()
    }
  })
})
