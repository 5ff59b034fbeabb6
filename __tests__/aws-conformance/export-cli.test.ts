import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import http from 'node:http'
import { addDays } from '../../src/util/calendar.js'
import { HarvestSimulator } from '../../sandbox/harvest-simulator.js'
import { closeNow, listenOnLoopback } from '../../sandbox/loopback.js'
import { expectedDayFiles } from '../support/harness.js'
import { CLI, runNode } from '../support/processes.js'
import { isStateKey, Moto, s3Snapshot } from './support/moto.js'

const BUCKET = 'acme-export'
const today = () => new Date().toISOString().slice(0, 10)

/**
 * Between the CLI and moto: the first PUT of `raceKey` is preceded by another writer's PUT of
 * the same key, so the CLI's conditional write meets a changed object (412), as when two
 * exports run at once.
 */
class RacingProxy {
  endpoint = ''
  raceKey = ''
  log: Array<{ method: string; path: string; status: number }> = []
  private server?: http.Server

  constructor(
    private readonly target: string,
    private readonly otherWriter: (key: string) => Promise<number>
  ) {}

  private raceKeyOf(path: string): string {
    return decodeURIComponent(new URL(path, 'http://x').pathname.slice(`/${BUCKET}/`.length))
  }

  async start(): Promise<this> {
    this.server = http.createServer((request, response) => {
      const chunks: Buffer[] = []
      request.on('data', (chunk: Buffer) => chunks.push(chunk))
      request.on(
        'end',
        () =>
          void (async () => {
            const path = request.url ?? '/'
            if (
              request.method === 'PUT' &&
              this.raceKey &&
              new URL(path, 'http://x').pathname === `/${BUCKET}/${this.raceKey}`
            ) {
              this.raceKey = ''
              const status = await this.otherWriter(this.raceKeyOf(path))
              this.log.push({ method: 'PUT (other writer)', path, status })
            }
            const headers = Object.fromEntries(
              Object.entries(request.headers).filter(
                ([name]) => name !== 'host' && name !== 'content-length'
              )
            ) as Record<string, string>
            const answer = await fetch(`${this.target}${path}`, {
              method: request.method,
              headers,
              body: ['GET', 'HEAD'].includes(request.method ?? '')
                ? undefined
                : Buffer.concat(chunks)
            })
            this.log.push({ method: request.method ?? '', path, status: answer.status })
            const body = Buffer.from(await answer.arrayBuffer())
            const out: Record<string, string> = {}
            answer.headers.forEach((value, name) => {
              if (
                !['content-length', 'transfer-encoding', 'connection', 'content-encoding'].includes(
                  name
                )
              )
                out[name] = value
            })
            response.writeHead(answer.status, { ...out, 'content-length': String(body.length) })
            response.end(body)
          })()
      )
    })
    this.endpoint = await listenOnLoopback(this.server)
    return this
  }

  async stop(): Promise<void> {
    await closeNow(this.server)
  }
}

describe('the bundled CLI exporting into moto S3', () => {
  const moto = new Moto()
  const harvest = new HarvestSimulator({
    entries: 250,
    from: addDays(today(), -45),
    to: today(),
    seed: 11
  })
  let s3: S3Client
  let proxy: RacingProxy

  beforeAll(async () => {
    await moto.start()
    await harvest.start()
    s3 = new S3Client({ ...moto.clientConfig(), forcePathStyle: true })
    proxy = await new RacingProxy(moto.endpoint, async (key) => {
      const answer = await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: '[]\n' }))
      return answer.$metadata.httpStatusCode ?? 0
    }).start()
    await s3.send(
      new CreateBucketCommand({
        Bucket: BUCKET,
        CreateBucketConfiguration: { LocationConstraint: 'eu-central-1' }
      })
    )
  })

  afterAll(async () => {
    s3?.destroy()
    await proxy?.stop()
    await harvest.stop()
    await moto.stop()
  })

  /** The CLI with the standard SDK endpoint variable only (no --endpoint), as against a private AWS endpoint. */
  const exportCli = (extra: string[] = [], env: Record<string, string> = {}) =>
    runNode(
      CLI,
      ['--bucket', BUCKET, '--prefix', 'harvest/', '--days-back', '30', '--json', ...extra],
      {
        ...moto.env(),
        HARVEST_ACCOUNT_ID: harvest.accountId,
        HARVEST_ACCESS_TOKEN: harvest.token,
        HARVEST_URL: harvest.url,
        ...env
      }
    )

  const expected = () => expectedDayFiles(harvest.entries, addDays(today(), -30), today())

  it('writes one file per day, byte for byte what Harvest holds', async () => {
    const result = await exportCli()
    expect(result.code).toBe(0)
    expect(result.stdout).not.toContain(harvest.token)
    expect(result.stderr).not.toContain(harvest.token)
    expect(await s3Snapshot(s3, BUCKET, 'harvest/')).toEqual(expected())
    expect(JSON.parse(result.stdout)).toMatchObject({ 'days-written': expected().size })
    const withState = await s3Snapshot(s3, BUCKET, 'harvest/', { withState: true })
    expect(JSON.parse(withState.get('harvest/.harvest-s3-export/state.json')!)).toMatchObject({
      version: 1,
      account_id: harvest.accountId
    })
  })

  it('reruns unchanged with no object PUT and no GET but the state object', async () => {
    let result!: Awaited<ReturnType<typeof exportCli>>
    const requests = await moto.record(async () => (result = await exportCli()))
    expect(result.code).toBe(0)
    const objectRequests = requests.filter((r) => {
      const path = new URL(r.url).pathname
      return path.startsWith(`/${BUCKET}/`) && path.length > `/${BUCKET}/`.length
    })
    expect(objectRequests.filter((r) => r.method === 'PUT')).toEqual([])
    const gets = objectRequests
      .filter((r) => r.method === 'GET')
      .map((r) => new URL(r.url).pathname)
    expect(gets).toEqual([`/${BUCKET}/harvest/.harvest-s3-export/state.json`])
    expect(gets.every((path) => isStateKey(path))).toBe(true)
    expect(requests.length).toBeGreaterThan(0)
    expect(JSON.parse(result.stdout)).toMatchObject({ 'days-written': 0 })
  })

  it('resolves a race with another writer (412 on the conditional PUT) and still leaves the exact bytes', async () => {
    const entry = harvest.entries.find(
      (e) => e.spent_date >= addDays(today(), -20) && e.spent_date < today()
    )!
    harvest.update(entry.id, { notes: 'edited while another export ran' })
    proxy.raceKey = `harvest/${entry.spent_date.replaceAll('-', '')}.json`
    const key = proxy.raceKey
    const result = await exportCli(['--endpoint', proxy.endpoint])
    expect(result.stderr).not.toContain('Error')
    expect(result.code).toBe(0)
    const puts = proxy.log.filter(
      (line) => line.method.startsWith('PUT') && line.path.includes(key)
    )
    expect(puts.map((line) => [line.method, line.status])).toEqual([
      ['PUT (other writer)', 200],
      ['PUT', 412],
      ['PUT', 200]
    ])
    expect(await s3Snapshot(s3, BUCKET, 'harvest/')).toEqual(expected())
  })
})
