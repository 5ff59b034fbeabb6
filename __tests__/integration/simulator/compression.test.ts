import http from 'node:http'
import zlib from 'node:zlib'
import { acceptsGzip, type HarvestSimulator } from '../../../sandbox/harvest-simulator.js'
import { origin, startSim } from '../../support/sim-http.js'

interface RawAnswer {
  status: number
  headers: http.IncomingHttpHeaders
  /** The bytes as sent, not decoded. */
  body: Buffer
  /** Whether the body arrived whole. */
  complete: boolean
}

/** A GET whose body is kept exactly as it came over the wire (fetch would decode it). */
function rawGet(
  sim: HarvestSimulator,
  path: string,
  headers: Record<string, string> = {}
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const request = http.get(
      `${origin(sim)}${path}`,
      {
        agent: false,
        headers: {
          Authorization: `Bearer ${sim.token}`,
          'Harvest-Account-Id': sim.accountId,
          'User-Agent': 'compression-test (dev@example.com)',
          ...headers
        }
      },
      (response) => {
        const chunks: Buffer[] = []
        response.on('data', (chunk: Buffer) => chunks.push(chunk))
        const done = () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks),
            complete: response.complete
          })
        response.on('error', done)
        response.on('end', done)
      }
    )
    request.on('error', reject)
  })
}

const PAGE = '/v2/time_entries?from=2024-01-01&to=2024-06-30&per_page=2000'

describe('the simulator compresses like Harvest', () => {
  let sim: HarvestSimulator
  beforeAll(async () => {
    sim = await startSim()
  })
  afterAll(async () => sim.stop())

  it('gzips an answer when the request accepts gzip, and only then', async () => {
    const plain = await rawGet(sim, PAGE)
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.headers.vary).toBe('Accept-Encoding')
    const page = JSON.parse(plain.body.toString()) as { time_entries: unknown[] }
    expect(page.time_entries).toHaveLength(800)

    const gzipped = await rawGet(sim, PAGE, { 'Accept-Encoding': 'gzip, deflate, br' })
    expect(gzipped.status).toBe(200)
    expect(gzipped.headers['content-encoding']).toBe('gzip')
    expect(gzipped.headers.vary).toBe('Accept-Encoding')
    expect(Number(gzipped.headers['content-length'])).toBe(gzipped.body.length)
    expect(gzipped.body.length).toBeLessThan(plain.body.length / 4)
    expect(zlib.gunzipSync(gzipped.body).equals(plain.body)).toBe(true)
  })

  it('gzips error answers too', async () => {
    const answer = await rawGet(sim, PAGE, {
      'Accept-Encoding': 'gzip',
      Authorization: 'Bearer wrong'
    })
    expect(answer.status).toBe(401)
    expect(answer.headers['content-encoding']).toBe('gzip')
    expect(JSON.parse(zlib.gunzipSync(answer.body).toString())).toMatchObject({
      error: 'invalid_token'
    })
  })

  it('cuts a truncated answer short after gzipping it', async () => {
    sim.injectFault({ kind: 'truncate' })
    const answer = await rawGet(sim, PAGE, { 'Accept-Encoding': 'gzip' })
    expect(answer.headers['content-encoding']).toBe('gzip')
    expect(answer.complete).toBe(false)
    expect(answer.body.length).toBeLessThan(Number(answer.headers['content-length']))
  })

  it.each([
    ['gzip', true],
    ['gzip, deflate, br', true],
    ['br;q=1.0, gzip;q=0.8', true],
    ['*', true],
    ['x-gzip', true],
    ['GZIP', true],
    [undefined, false],
    ['', false],
    ['identity', false],
    ['br, deflate', false],
    ['gzip;q=0', false],
    ['*, gzip;q=0', false],
    ['*;q=0', false]
  ])('reads Accept-Encoding %j as %s for gzip', (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected)
  })
})
