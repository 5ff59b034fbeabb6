import { readFile, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { LIST_RESOURCES } from '../../sandbox/resource-store.js'
import { buildLambdaZip } from '../../src/publish/lambda-zip.js'
import { Harness, removeDir, tempDir } from '../support/harness.js'
import { LambdaSandbox } from '../support/lambda-sandbox.js'
import { ACTION, CLI, actionInputs, parseOutputs, runNode } from '../support/processes.js'

const FROM = '2025-02-01'
const TO = '2025-02-28'

/** What every face must leave under `prefix` for the resources, computed here from the simulator. */
function expectedResources(h: Harness, prefix: string): Map<string, string> {
  const files = new Map<string, string>()
  for (const name of LIST_RESOURCES) {
    const records = [...h.harvest.listRecords(name)].sort((a, b) => a.id - b.id)
    files.set(`${prefix}${name}.json`, JSON.stringify(records, null, 2) + '\n')
  }
  files.set(`${prefix}company.json`, JSON.stringify(h.harvest.company, null, 2) + '\n')
  return files
}

describe('resources: all through the bundled action, the CLI and the Lambda zip', () => {
  let h: Harness
  let dir: string

  beforeAll(async () => {
    h = await new Harness().start({ entries: 300, from: '2025-01-01', to: '2025-03-31' })
    dir = await tempDir()
  })
  afterAll(async () => {
    await h?.stop()
    await removeDir(dir)
  })

  /** The objects under `prefix` that are not day files. */
  const resourcesUnder = async (prefix: string) =>
    new Map([...(await h.s3.snapshot(prefix))].filter(([key]) => !/\/\d{8}\.json$/.test(key)))
  const daysUnder = async (prefix: string) =>
    [...(await h.s3.snapshot(prefix))]
      .filter(([key]) => /\/\d{8}\.json$/.test(key))
      .map(([key, body]) => [key.slice(prefix.length), body])

  it('writes the same objects from each face, and reports resources-written', async () => {
    await writeFile(join(dir, 'output'), '')
    await writeFile(join(dir, 'summary'), '')
    const action = await runNode(ACTION, [], {
      ...h.s3.awsEnv(),
      ...actionInputs({
        ...h.settings({ 's3-prefix': 'action/' }),
        from: FROM,
        to: TO,
        resources: 'all'
      }),
      GITHUB_OUTPUT: join(dir, 'output'),
      GITHUB_STEP_SUMMARY: join(dir, 'summary'),
      GITHUB_REPOSITORY: 'acme/timesheets',
      RUNNER_TEMP: dir
    })
    expect(action.stderr).toBe('')
    expect(action.code).toBe(0)
    expect(parseOutputs(await readFile(join(dir, 'output'), 'utf8'))['resources-written']).toBe(
      '15'
    )
    expect(await readFile(join(dir, 'summary'), 'utf8')).toContain(
      '### Resources (15 of 15 written)'
    )

    const cli = await runNode(
      CLI,
      [
        '--from',
        FROM,
        '--to',
        TO,
        '--bucket',
        h.s3.bucket,
        '--endpoint',
        h.s3.endpoint,
        '--prefix',
        'cli/',
        '--resources',
        'all',
        '--json'
      ],
      { ...h.cliEnv(), ...h.s3.awsEnv() }
    )
    expect(cli.code).toBe(0)
    expect(cli.stderr).not.toContain(h.harvest.token)
    const json = JSON.parse(cli.stdout) as {
      'resources-written': number
      resources: Array<{ resource: string }>
    }
    expect(json['resources-written']).toBe(15)
    expect(json.resources.map((row) => row.resource)).toEqual([...LIST_RESOURCES, 'company'])

    const lambda = await LambdaSandbox.unpack(await buildLambdaZip(resolve('dist/lambda')))
    try {
      const run = await lambda.invoke([{ from: FROM, to: TO }], {
        ...h.s3.awsEnv(),
        ...h.cliEnv(),
        S3_BUCKET_NAME: h.s3.bucket,
        S3_ENDPOINT: h.s3.endpoint,
        S3_PREFIX: 'lambda/',
        RESOURCES: 'all'
      })
      expect(run.outcomes[0].error).toBeUndefined()
      expect(run.outcomes[0].value).toMatchObject({ 'resources-written': 15 })
    } finally {
      await lambda.dispose()
    }

    for (const prefix of ['action/', 'cli/', 'lambda/'])
      expect(await resourcesUnder(prefix)).toEqual(expectedResources(h, prefix))
    expect(await daysUnder('cli/')).toEqual(await daysUnder('action/'))
    expect(await daysUnder('lambda/')).toEqual(await daysUnder('action/'))
    expect((await daysUnder('action/')).length).toBeGreaterThan(0)
  })

  it('refuses an unknown resource before any request, naming the setting the way each face spells it', async () => {
    h.harvest.resetStats()
    const cli = await runNode(
      CLI,
      ['--out-dir', dir, '--resources', 'projects,widgets'],
      h.cliEnv()
    )
    expect(cli.code).toBe(2)
    expect(cli.stderr).toContain('--resources')
    expect(cli.stderr).toContain('widgets')
    expect(h.harvest.stats.requests).toBe(0)
  })
})
