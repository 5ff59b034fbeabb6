import http from 'node:http'
import { listenOnLoopback } from '../../../sandbox/loopback.js'
import { HarvestClient } from '../../../src/harvest/client.js'

/** A one-route server answering every request with `page` (edge cases the simulator does not produce). */
async function serve(
  page: (url: URL) => unknown
): Promise<{ url: string; seen: http.IncomingHttpHeaders[]; close: () => Promise<void> }> {
  const seen: http.IncomingHttpHeaders[] = []
  const server = http.createServer((request, response) => {
    seen.push(request.headers)
    response.writeHead(200, { 'content-type': 'application/json' })
    response.end(JSON.stringify(page(new URL(request.url ?? '/', 'http://localhost'))))
  })
  const origin = await listenOnLoopback(server)
  return {
    url: `${origin}/v2/time_entries`,
    seen,
    close: () => new Promise((resolve) => server.close(() => resolve()))
  }
}

const client = (url: string) =>
  new HarvestClient({
    url,
    accountId: '1',
    accessToken: 'tok-123456',
    userAgent: 'test',
    retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 }
  })

describe('Harvest client edge cases', () => {
  it('refuses to follow links.next to another origin with the token', async () => {
    const server = await serve(() => ({
      time_entries: [{ id: 1, spent_date: '2025-01-01', created_at: '2025-01-01T00:00:00Z' }],
      total_entries: 2,
      links: { next: 'https://harvest.invalid/v2/time_entries?cursor=abc' }
    }))
    try {
      await expect(client(server.url).fetchRange('2025-01-01', '2025-01-01')).rejects.toThrow(
        'refusing to send the token there'
      )
      expect(server.seen).toHaveLength(1)
      expect(server.seen[0].authorization).toBe('Bearer tok-123456')
      expect(server.seen[0]['harvest-account-id']).toBe('1')
      expect(server.seen[0]['user-agent']).toBe('test')
    } finally {
      await server.close()
    }
  })

  it('follows relative and localhost-aliased next links, and checks the count', async () => {
    const server = await serve((url) =>
      url.searchParams.get('cursor')
        ? {
            time_entries: [{ id: 2, spent_date: '2025-01-01', created_at: 'x' }],
            total_entries: 2,
            links: { next: null }
          }
        : {
            time_entries: [{ id: 1, spent_date: '2025-01-01', created_at: 'x' }],
            total_entries: 2,
            links: { next: '/v2/time_entries?cursor=b' }
          }
    )
    try {
      const result = await client(server.url.replace('127.0.0.1', 'localhost')).fetchRange(
        '2025-01-01',
        '2025-01-01'
      )
      expect(result.entries.map((entry) => entry.id)).toEqual([1, 2])
    } finally {
      await server.close()
    }
  })

  it('fails a range whose entries fall outside the dates asked for, after re-reading it', async () => {
    const server = await serve(() => ({
      time_entries: [{ id: 1, spent_date: '2024-12-31', created_at: 'x' }],
      total_entries: 1,
      links: { next: null }
    }))
    try {
      await expect(client(server.url).fetchRange('2025-01-01', '2025-01-31')).rejects.toThrow(
        'outside the range asked for'
      )
      expect(server.seen).toHaveLength(3)
    } finally {
      await server.close()
    }
  })
})
