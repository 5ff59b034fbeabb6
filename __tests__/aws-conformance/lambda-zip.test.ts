import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3'
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm'
import { mkdir, writeFile } from 'node:fs/promises'
import http from 'node:http'
import { dirname, join, resolve } from 'node:path'
import { addDays } from '../../src/util/calendar.js'
import { buildLambdaZip } from '../../src/publish/lambda-zip.js'
import { HarvestSimulator } from '../../sandbox/harvest-simulator.js'
import { closeNow, listenOnLoopback } from '../../sandbox/loopback.js'
import { expectedDayFiles, removeDir, tempDir } from '../support/harness.js'
import { NODE, runNode } from '../support/processes.js'
import { readZip } from '../support/zip-reader.js'
import { Moto, operation, s3Snapshot } from './support/moto.js'

const BUCKET = 'acme-lambda'
const PARAMETER = '/harvest-s3-export/access-token'
const today = () => new Date().toISOString().slice(0, 10)

/**
 * One warm container: the zip's handler invoked three times in one process. Before the 2nd
 * and 3rd invocation the runner asks the test (GET hook) what changed: the test may rotate the
 * token in SSM and answers with the Harvest URL to use from then on.
 */
const RUNNER = `import { pathToFileURL } from 'node:url'
const [handlerPath, hook] = process.argv.slice(2)
const { handler } = await import(pathToFileURL(handlerPath).href)
const outcomes = []
for (let i = 0; i < 3; i++) {
  if (i > 0) process.env.HARVEST_URL = await (await fetch(hook + '?before=' + i)).text()
  try {
    outcomes.push({ value: await handler({}) })
  } catch (error) {
    outcomes.push({ error: error.message })
  }
}
console.error('OUTCOMES ' + JSON.stringify(outcomes))
`

describe("the Lambda zip's handler against moto (SSM token, S3)", () => {
  const moto = new Moto()
  // Three Harvest accounts with the same data, each accepting only its own token.
  const data = { entries: 150, from: addDays(today(), -20), to: today(), seed: 5 }
  const harvestA = new HarvestSimulator({ ...data, token: 'token-a-1111111111' })
  const harvestB = new HarvestSimulator({ ...data, token: 'token-b-2222222222' })
  const harvestC = new HarvestSimulator({ ...data, token: 'token-c-3333333333' })
  let dir: string
  let hookServer: http.Server
  let hook = ''
  let ssm: SSMClient
  let s3: S3Client

  beforeAll(async () => {
    await moto.start()
    for (const harvest of [harvestA, harvestB, harvestC]) await harvest.start()
    const config = moto.clientConfig()
    ssm = new SSMClient(config)
    s3 = new S3Client({ ...config, forcePathStyle: true })
    await s3.send(
      new CreateBucketCommand({
        Bucket: BUCKET,
        CreateBucketConfiguration: { LocationConstraint: 'eu-central-1' }
      })
    )
    dir = await tempDir()
    // As Lambda unpacks the zip into /var/task: nothing else around it.
    for (const entry of readZip(await buildLambdaZip(resolve('dist/lambda')))) {
      await mkdir(dirname(join(dir, 'task', entry.name)), { recursive: true })
      await writeFile(join(dir, 'task', entry.name), entry.content)
    }
    await writeFile(join(dir, 'runner.mjs'), RUNNER)
    hookServer = http.createServer(
      (request, response) =>
        void (async () => {
          const before = new URL(request.url ?? '/', 'http://x').searchParams.get('before')
          if (before === '1') {
            // The token is rotated: Harvest now accepts only B's token, which SSM now holds.
            await ssm.send(
              new PutParameterCommand({
                Name: PARAMETER,
                Value: harvestB.token,
                Type: 'SecureString',
                Overwrite: true
              })
            )
            response.end(harvestB.url)
          } else {
            // Harvest accepts only C's token, but nobody stored it in SSM.
            response.end(harvestC.url)
          }
        })()
    )
    hook = await listenOnLoopback(hookServer)
  })

  afterAll(async () => {
    ssm?.destroy()
    s3?.destroy()
    await closeNow(hookServer)
    for (const harvest of [harvestA, harvestB, harvestC]) await harvest.stop()
    await moto.stop()
    await removeDir(dir)
  })

  it('reads its token from the SSM SecureString, re-reads it once on a 401 after a rotation, and fails plainly when it did not change', async () => {
    await ssm.send(
      new PutParameterCommand({ Name: PARAMETER, Value: harvestA.token, Type: 'SecureString' })
    )
    let run!: Awaited<ReturnType<typeof runNode>>
    const requests = await moto.record(async () => {
      run = await runNode(
        join(dir, 'runner.mjs'),
        [join(dir, 'task', 'index.mjs'), hook],
        {
          ...moto.env(),
          HARVEST_ACCOUNT_ID: harvestA.accountId,
          HARVEST_ACCESS_TOKEN_PARAMETER: PARAMETER,
          HARVEST_URL: harvestA.url,
          S3_BUCKET_NAME: BUCKET,
          S3_PREFIX: 'harvest/',
          DAYS_BACK: '10'
        },
        join(dir, 'task')
      )
    })
    expect(NODE).toMatch(/node/)
    const outcomes = JSON.parse(/OUTCOMES (.*)/.exec(run.stderr)?.[1] ?? 'null') as Array<{
      value?: Record<string, unknown>
      error?: string
    }>
    expect(outcomes).toHaveLength(3)
    expect(outcomes[0].error).toBeUndefined()
    expect(outcomes[1].error).toBeUndefined()
    expect(outcomes[2].error).toContain('Harvest rejected the access token (401 Unauthorized)')
    expect(await s3Snapshot(s3, BUCKET, 'harvest/')).toEqual(
      expectedDayFiles(harvestA.entries, addDays(today(), -10), today())
    )
    // One read at the cold start, one after the rotation's 401, one after the last 401 (same value: no retry).
    expect(requests.map(operation).filter((op) => op === 'AmazonSSM.GetParameter')).toHaveLength(3)
    // Harvest saw the old token once at B (401) then the new one; C saw only B's token, once.
    expect(harvestB.requestLog.filter((r) => r.status === 401)).toHaveLength(1)
    expect(harvestC.requestLog.map((r) => r.status)).toEqual([401])
    for (const token of [harvestA.token, harvestB.token]) {
      expect(run.stdout).not.toContain(token)
      expect(run.stderr).not.toContain(token)
    }
  })
})
