import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { addDays } from '../../src/util/calendar.js'
import { stampsBetween, todayIn } from '../support/clock.js'
import {
  Harness,
  expectedDayFiles,
  expectedHiveNdjson,
  readTree,
  removeDir,
  tempDir
} from '../support/harness.js'
import { CLI, runNode } from '../support/processes.js'
import { parseJson } from '../support/json.js'
import { RecordingProxy } from '../support/recording-proxy.js'

const WINDOW = ['--from', '2025-02-01', '--to', '2025-02-28']

describe('the bundled CLI (harvest-s3-export)', () => {
  let h: Harness
  let dir: string

  beforeAll(async () => {
    h = await new Harness().start({ entries: 600, from: '2025-01-01', to: '2025-03-31' })
  })

  afterAll(async () => {
    await h.stop()
  })

  beforeEach(async () => {
    dir = await tempDir()
  })

  afterEach(async () => {
    await removeDir(dir)
  })

  it('documents every option in --help', async () => {
    const result = await runNode(CLI, ['--help'], {})
    expect(result.code).toBe(0)
    for (const flag of [
      '--days-back',
      '--from',
      '--to',
      '--bucket',
      '--prefix',
      '--endpoint',
      '--out-dir',
      '--format',
      '--layout',
      '--latest-key',
      '--changes',
      '--timezone',
      '--dry-run',
      '--allow-empty',
      '--json',
      '--config'
    ]) {
      expect(result.stdout).toContain(flag)
    }
  })

  it('exports into a local directory with the Lambda environment variables and prints JSON', async () => {
    const out = join(dir, 'out')
    const result = await runNode(CLI, [...WINDOW, '--out-dir', out, '--json'], {
      ...h.cliEnv(),
      S3_PREFIX: 'harvest/'
    })
    expect(result.code).toBe(0)
    const files = await readTree(out)
    expect(files).toEqual(expectedDayFiles(h.harvest.entries, '2025-02-01', '2025-02-28'))
    const summary = parseJson<Record<string, unknown>>(result.stdout)
    expect(summary).toMatchObject({
      'window-from': '2025-02-01',
      'window-to': '2025-02-28',
      'days-written': files.size,
      updated: 0
    })
    expect(result.stderr).toContain('== Fetch from Harvest')
    expect(result.stderr + result.stdout).not.toContain(h.harvest.token)
  })

  it("reads the original script's config.json and writes to S3", async () => {
    const config = join(dir, 'config.json')
    await writeFile(
      config,
      JSON.stringify({
        account_id: h.harvest.accountId,
        access_token: h.harvest.token,
        harvest_url: h.harvest.url,
        days_back: 7,
        aws: {
          access_key_id: 'S3RVER',
          secret_access_key: 'S3RVER',
          region: 'us-east-1',
          bucket_name: h.s3.bucket
        }
      })
    )
    const result = await runNode(
      CLI,
      ['--config', config, ...WINDOW, '--endpoint', h.s3.endpoint, '--prefix', 'cfg/'],
      {
        AWS_EC2_METADATA_DISABLED: 'true'
      }
    )
    expect(result.stderr).not.toContain('S3RVER')
    expect(result.code).toBe(0)
    expect(await h.s3.snapshot('cfg/')).toEqual(
      expectedDayFiles(h.harvest.entries, '2025-02-01', '2025-02-28', 'cfg/')
    )
    expect(result.stdout).toContain('window 2025-02-01..2025-02-28')
  })

  it('exits 2 on bad usage, naming the flag', async () => {
    const unknown = await runNode(CLI, ['--days-bak', '3'], h.cliEnv())
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('--days-bak')
    const bad = await runNode(CLI, ['--days-back', 'x', '--out-dir', dir], h.cliEnv())
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('Invalid --days-back "x"')
    const env = await runNode(CLI, ['--out-dir', dir], { ...h.cliEnv(), DAYS_BACK: '-5' })
    expect(env.code).toBe(2)
    expect(env.stderr).toContain('Invalid DAYS_BACK "-5"')
    expect(await readTree(dir)).toEqual(new Map())
  })

  it('--json on a failed run prints one object, the error first, then what the run did', async () => {
    // Harvest's count never adds up for the first half of February: those days stay unread.
    h.harvest.injectFault({
      kind: 'lie-total',
      times: Infinity,
      match: (url) => (url.searchParams.get('from') ?? '') < '2025-02-15'
    })
    const result = await runNode(CLI, [...WINDOW, '--out-dir', dir, '--json'], h.cliEnv()).finally(
      () => h.harvest.clearFaults()
    )
    expect(result.code).toBe(1)
    const body = parseJson<Record<string, unknown>>(result.stdout)
    expect(Object.keys(body)[0]).toBe('error')
    expect(body.error).toMatch(/days \(2025-02-01\.\.2025-02-\d\d\) were not refreshed/)
    expect(result.stderr).toContain(String(body.error))
    expect(body).toMatchObject({
      'window-from': '2025-02-01',
      'window-to': '2025-02-28',
      'dry-run': false
    })
    expect(body.location).toContain(dir)
    expect(result.stdout).not.toContain(h.harvest.token)
  })

  it('exits 1 when the export fails, without printing the token', async () => {
    const result = await runNode(CLI, [...WINDOW, '--out-dir', dir], {
      ...h.cliEnv(),
      HARVEST_ACCOUNT_ID: '42'
    })
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('404')
    // Named as the CLI spells them, even when they came from the environment.
    expect(result.stderr).toContain('check --harvest-url')
    expect(result.stderr).toContain('then HARVEST_ACCESS_TOKEN and --account-id')
    expect(result.stderr).not.toContain(h.harvest.token)
  })
})

describe('the bundled CLI, each flag in a run', () => {
  let h: Harness
  let proxy: RecordingProxy
  let dir: string
  const today = new Date().toISOString().slice(0, 10)
  const zone = 'Pacific/Kiritimati' // UTC+14: its date and time differ from UTC's

  beforeAll(async () => {
    h = await new Harness().start({
      entries: 300,
      from: addDays(today, -40),
      to: addDays(today, 5)
    })
    proxy = await new RecordingProxy(new URL(h.harvest.url).origin).start()
    dir = await tempDir()
  })

  afterAll(async () => {
    await proxy?.stop()
    await h?.stop()
    await removeDir(dir)
  })

  /**
   * Only the token comes from the environment (it is never a flag). The account id, Harvest
   * URL and region there are wrong or unreachable, so the run works only if the flags win.
   */
  const env = () => ({
    ...h.s3.awsEnv(),
    AWS_REGION: 'us-east-1',
    HARVEST_ACCESS_TOKEN: h.harvest.token,
    HARVEST_ACCOUNT_ID: '1',
    HARVEST_URL: 'http://0.0.0.0:9/v2/time_entries'
  })
  const harvestFlags = () =>
    [
      ['--account-id', h.harvest.accountId],
      ['--harvest-url', `${proxy.endpoint}/v2/time_entries`],
      ['--user-agent', 'cli-test/1.0 (ops@acme.example)']
    ].flat()
  const flags = (prefix: string) =>
    [
      harvestFlags(),
      ['--bucket', h.s3.bucket],
      ['--endpoint', h.s3.endpoint],
      ['--prefix', prefix],
      ['--region', 'eu-west-3'],
      ['--days-back', '6'],
      ['--timezone', zone],
      ['--format', 'ndjson'],
      ['--layout', 'hive'],
      ['--latest-key', 'latest.ndjson']
    ].flat()
  const entriesBetween = (from: string, to: string) =>
    h.harvest.entries.filter((entry) => entry.spent_date >= from && entry.spent_date <= to).length

  it('takes every export setting from its flag', async () => {
    proxy.requests = []
    h.s3.resetCounts()
    const startedAt = Date.now()
    const result = await runNode(CLI, [...flags('flags/'), '--changes', '--json'], env())
    const endedAt = Date.now()
    expect(result.stderr).not.toContain('Error')
    expect(result.code).toBe(0)
    // --timezone and --days-back: six days back from today on Kiritimati's calendar.
    const to = todayIn(zone, new Date(endedAt))
    const from = addDays(to, -6)
    const summary = parseJson<{ 'harvest-requests': number }>(result.stdout)
    expect(summary).toMatchObject({
      'window-from': from,
      'window-to': to,
      entries: entriesBetween(from, to)
    })
    // --bucket, --endpoint, --prefix, --format, --layout, --latest-key.
    const stored = await h.s3.snapshot('flags/')
    const logs = [...stored.keys()].filter((key) => key.startsWith('flags/changes/'))
    expect(new Map([...stored].filter(([key]) => !logs.includes(key)))).toEqual(
      expectedHiveNdjson(h.harvest.entries, from, to, 'flags/', 'latest.ndjson')
    )
    // --changes, stamped with the run's date and time on the --timezone wall clock.
    expect(logs).toHaveLength(1)
    const stamp = /^flags\/changes\/new\/(\d{8}-)new-(\d{6})\.json$/.exec(logs[0])
    expect(stamp).not.toBeNull()
    expect(stampsBetween(startedAt, endedAt, zone)).toContain(stamp![1] + stamp![2])
    // --account-id, --harvest-url and --user-agent reach Harvest; --region signs the S3 requests.
    expect(proxy.requests).toHaveLength(summary['harvest-requests'])
    expect(proxy.values('harvest-account-id')).toEqual([h.harvest.accountId])
    expect(proxy.values('user-agent')).toEqual(['cli-test/1.0 (ops@acme.example)'])
    const scopes = new Set(
      h.s3.requests.map(
        (request) =>
          /Credential=[^/]+\/\d{8}\/([^/]+)\/s3\//.exec(String(request.headers.authorization))?.[1]
      )
    )
    expect(scopes).toEqual(new Set(['eu-west-3']))
  })

  it('--dry-run reports a change against the stored days and writes nothing', async () => {
    await runNode(CLI, flags('dry/'), env())
    const before = await h.s3.snapshot('dry/')
    expect(before.size).toBeGreaterThan(0)
    const to = todayIn(zone)
    const entry = h.harvest.entries.find(
      (item) => item.spent_date >= addDays(to, -6) && item.spent_date <= to
    )!
    h.harvest.update(entry.id, { notes: 'edited for the dry run' })
    h.s3.resetCounts()
    const result = await runNode(CLI, [...flags('dry/'), '--dry-run', '--json'], env())
    expect(result.code).toBe(0)
    // The day file and the rolling latest.ndjson would change.
    expect(JSON.parse(result.stdout)).toMatchObject({
      'dry-run': true,
      'days-written': 1,
      updated: 1,
      added: 0,
      deleted: 0
    })
    expect(h.s3.count('put')).toBe(0)
    expect(await h.s3.snapshot('dry/')).toEqual(before)
  })

  it('--allow-empty lets a run empty stored days that Harvest no longer has', async () => {
    // Days after Harvest's data: Harvest has no entries there, the directory still holds one.
    const out = join(dir, 'empty')
    const day = addDays(today, 21)
    const file = join(out, `${day.replaceAll('-', '')}.json`)
    const held = JSON.stringify([h.harvest.entries[0]], null, 2) + '\n'
    await mkdir(out, { recursive: true })
    await writeFile(file, held)
    const args = [
      ...harvestFlags(),
      ...['--from', addDays(today, 20), '--to', addDays(today, 22), '--out-dir', out]
    ]
    const refused = await runNode(CLI, args, env())
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('check --account-id and HARVEST_ACCESS_TOKEN')
    expect(refused.stderr).toContain('re-run with --allow-empty.')
    expect(await readFile(file, 'utf8')).toBe(held)
    const allowed = await runNode(CLI, [...args, '--allow-empty', '--json'], env())
    expect(allowed.code).toBe(0)
    expect(JSON.parse(allowed.stdout)).toMatchObject({ 'days-emptied': 1, deleted: 1 })
    expect(await readFile(file, 'utf8')).toBe('[]\n')
  })

  it('names --bucket and --region when the bucket does not exist', async () => {
    const args = [
      ...harvestFlags(),
      ...['--bucket', 'no-such-bucket', '--endpoint', h.s3.endpoint, '--region', 'eu-west-3'],
      ...['--days-back', '1']
    ]
    const result = await runNode(CLI, args, env())
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(
      'The bucket no-such-bucket does not exist: check --bucket and --region.'
    )
    expect(result.stderr).not.toMatch(/\.\.(?!\d)/)
  })

  it('--version prints the package version', async () => {
    const result = await runNode(CLI, ['--version'], {})
    expect(result.code).toBe(0)
    const { version } = JSON.parse(await readFile('package.json', 'utf8')) as { version: string }
    expect(result.stdout.trim()).toMatch(new RegExp(`(^|\\s)${version.replaceAll('.', '\\.')}$`))
  })
})
