import { execFile } from 'node:child_process'
import http from 'node:http'
import { promisify } from 'node:util'
import { closeNow, listenOnLoopback } from '../../sandbox/loopback.js'
import { NODE } from '../support/processes.js'

const PAGE_BYTES = Buffer.from(
  JSON.stringify({
    time_entries: [{ id: 7, spent_date: '2025-01-01', created_at: '2025-01-01T00:00:00Z' }],
    total_entries: 1,
    links: { next: null }
  })
)

/** A loopback server answering every request with `handler`, recording each request's headers. */
async function serve(
  handler: (request: http.IncomingMessage, response: http.ServerResponse) => void
) {
  const seen: http.IncomingHttpHeaders[] = []
  const server = http.createServer((request, response) => {
    seen.push(request.headers)
    handler(request, response)
  })
  const origin = await listenOnLoopback(server)
  return { url: `${origin}/v2/time_entries`, seen, close: () => closeNow(server) }
}

/** A child process, since what is tested is when the process itself ends. */
describe('the Harvest client in a process of its own', () => {
  it('lets the process exit at once with a kept-alive connection still open', async () => {
    const server = await serve((_request, response) => response.end(PAGE_BYTES))
    try {
      // Prints how long the process took to end once its one request was read.
      const script = `
        const { HarvestClient } = await import(${JSON.stringify(`${process.cwd()}/src/harvest/client.ts`)})
        const harvest = new HarvestClient({ url: ${JSON.stringify(server.url)}, accountId: '1', accessToken: 't', userAgent: 'u' })
        await harvest.firstPage('2025-01-01', '2025-01-01')
        const read = Date.now()
        process.on('exit', () => console.log(Date.now() - read))`
      const { stdout } = await promisify(execFile)(
        NODE,
        ['--import', 'tsx', '--input-type=module', '-e', script],
        { timeout: 30_000 }
      )
      // The server keeps the connection open (5 s by default) and so does the agent: only an
      // unref'd idle socket lets the process end well before that.
      expect(Number(stdout.trim())).toBeLessThan(1_000)
      expect(server.seen).toHaveLength(1)
    } finally {
      await server.close()
    }
  })
})
