import { jest } from '@jest/globals'
import type { InputName, RawSettings } from '../../../src/config/inputs.js'
import { parseConfig } from '../../../src/config/parse.js'
import { parseExportConfig, parseVerifyConfig } from '../../../src/config/parse-export.js'
import { isLatestKey } from '../../../src/config/rules.js'
import { CLI_NAMES } from '../../../src/config/setting-names.js'
import { readCliSettings } from '../../../src/cli/settings.js'
import { githubRoleOptions } from '../../../src/deploy/github-role-options.js'
import { lambdaOptions } from '../../../src/deploy/lambda-options.js'
import { lambdaSettings } from '../../../src/lambda/settings.js'
import { exportFromConfig } from '../../../src/run-export.js'
import type { RunObserver } from '../../../src/export/types.js'
import { configErrorOf } from '../../support/config-error.js'

/**
 * Settings that would leak data or damage the archive are refused on every face before any
 * network call, each naming the setting as that face spells it and the fix.
 */
const NOW = new Date('2026-03-31T12:00:00Z')
const TOKEN = 'secret-token-value-123'
const ENV = { HARVEST_ACCOUNT_ID: '123456', HARVEST_ACCESS_TOKEN: TOKEN }
const LAMBDA_ENV = { ...ENV, S3_BUCKET_NAME: 'my-bucket' }

function action(values: Partial<Record<InputName, string>>) {
  const raw: RawSettings = {}
  const all = {
    'harvest-account-id': '123456',
    'harvest-access-token': TOKEN,
    's3-bucket': 'my-bucket',
    ...values
  }
  for (const [name, value] of Object.entries(all) as Array<[InputName, string]>)
    raw[name] = { value, label: `input ${name}` }
  return parseConfig(raw, {}, NOW)
}

function cli(argv: string[], env: Record<string, string> = ENV) {
  return parseExportConfig(readCliSettings(['--bucket', 'my-bucket', ...argv], env).raw, {
    names: CLI_NAMES,
    env,
    now: NOW
  })
}

/** The Lambda reading its token from SSM: a refusal must come before that read. */
function lambda(env: Record<string, string>, event: unknown = {}) {
  const readToken = jest.fn(() => Promise.resolve(TOKEN))
  const run = lambdaSettings(
    { ...LAMBDA_ENV, HARVEST_ACCESS_TOKEN_PARAMETER: '/t', ...env },
    event,
    readToken
  )
  return { run, readToken }
}

async function lambdaRefusal(env: Record<string, string>, event: unknown = {}): Promise<string> {
  const { run, readToken } = lambda(env, event)
  const message = await configErrorOf(() => run)
  expect(readToken).not.toHaveBeenCalled()
  return message
}

const deployLambda = (argv: string[]) =>
  lambdaOptions(['--account-id', '42', '--bucket', 'acme-harvest', ...argv], {})
const deployGithubRole = (argv: string[]) =>
  githubRoleOptions(['--repo', 'acme/books', '--bucket', 'acme-harvest', ...argv], {})

describe('s3-endpoint over plain http', () => {
  const PRIVATE = 'http://minio.internal:9000'

  it('is refused off this machine, naming the setting and the opt-in each face spells', async () => {
    expect(await configErrorOf(() => action({ 's3-endpoint': PRIVATE }))).toBe(
      `Invalid input s3-endpoint "${PRIVATE}": expected an https:// URL (plain http:// only for localhost, 127.0.0.1 or ::1); ` +
        'for a store on a private network, set insecure-endpoint: true to send credentials and data unencrypted.'
    )
    expect(await configErrorOf(() => cli(['--endpoint', PRIVATE]))).toContain(
      `Invalid --endpoint "${PRIVATE}": expected an https:// URL`
    )
    expect(await configErrorOf(() => cli(['--endpoint', PRIVATE]))).toContain(
      'set --insecure-endpoint to send'
    )
    const fromEnvironment = await lambdaRefusal({ S3_ENDPOINT: PRIVATE })
    expect(fromEnvironment).toContain(`Invalid S3_ENDPOINT "${PRIVATE}": expected an https:// URL`)
    expect(fromEnvironment).toContain('set INSECURE_ENDPOINT=true to send')
  })

  it('is refused for publish-lambda too', async () => {
    const message = await configErrorOf(() =>
      action({ command: 'publish-lambda', 'github-token': 'gh-token', 's3-endpoint': PRIVATE })
    )
    expect(message).toContain(`Invalid input s3-endpoint "${PRIVATE}"`)
  })

  it('is accepted to a loopback host, and https anywhere, without the opt-in', () => {
    for (const endpoint of [
      'http://localhost:9000',
      'http://127.0.0.1:4569',
      'http://[::1]:9000',
      'https://minio.internal:9000'
    ]) {
      const fromAction = action({ 's3-endpoint': endpoint })
      expect(fromAction.command === 'export' && fromAction.store).toEqual({
        kind: 's3',
        bucket: 'my-bucket',
        endpoint
      })
      expect(cli(['--endpoint', endpoint]).store).toEqual({
        kind: 's3',
        bucket: 'my-bucket',
        endpoint
      })
    }
  })

  it('is accepted off this machine with insecure-endpoint on every face, marked for the warning', async () => {
    const expected = { kind: 's3', bucket: 'my-bucket', endpoint: PRIVATE, insecureEndpoint: true }
    const fromAction = action({ 's3-endpoint': PRIVATE, 'insecure-endpoint': 'true' })
    expect(fromAction.command === 'export' && fromAction.store).toEqual(expected)
    expect(cli(['--endpoint', PRIVATE, '--insecure-endpoint']).store).toEqual(expected)
    expect(cli([], { ...ENV, S3_ENDPOINT: PRIVATE, INSECURE_ENDPOINT: 'true' }).store).toEqual(
      expected
    )
    const { run } = lambda({ S3_ENDPOINT: PRIVATE, INSECURE_ENDPOINT: 'true' })
    expect((await run).config.store).toEqual(expected)
  })

  it('refuses an insecure-endpoint that is not a boolean', async () => {
    expect(
      await configErrorOf(() => action({ 's3-endpoint': PRIVATE, 'insecure-endpoint': 'yes' }))
    ).toContain('Invalid input insecure-endpoint "yes": expected true or false.')
  })

  it('warns, before anything is read, that credentials and data travel unencrypted', () => {
    const warnings: string[] = []
    // A warning that stops the run proves it comes before any client is built or called.
    const observer: RunObserver = {
      log: {
        info: () => undefined,
        warn: (message) => {
          warnings.push(message)
          throw new Error('stopped at the warning')
        }
      },
      phase: (_name, work) => work()
    }
    const config = cli(['--endpoint', PRIVATE, '--insecure-endpoint'])
    expect(() => exportFromConfig(config, observer)).toThrow('stopped at the warning')
    expect(warnings).toEqual([
      `--endpoint ${PRIVATE} is plain http:// and not on this machine: ` +
        "the store's credentials and the data travel unencrypted (allowed by --insecure-endpoint)."
    ])
  })
})

describe('latest-key', () => {
  it.each([
    ['20250101.json', 'a day file name'],
    ['20250101.ndjson', 'a day file name'],
    ['spent_date=2025-01-01/time_entries.json', 'inside a hive day folder'],
    ['spent_date=2025-01-01/latest.json', 'inside a hive day folder'],
    ['.harvest-s3-export/state.json', 'where the run keeps its state'],
    ['projects.json', 'where resources keeps projects'],
    ['projects/projects.json', 'where resources keeps projects'],
    ['company.ndjson', 'where resources keeps company'],
    ['changes/latest.json', 'under changes/, which runs fill themselves'],
    ['tables/latest.parquet', 'under tables/, which runs fill themselves']
  ])('refuses %s (%s) on every face', async (key, use) => {
    const accepted = `expected an object key no run writes itself, such as harvest-data.json (${key} is ${use}).`
    expect(await configErrorOf(() => action({ 'latest-key': key }))).toBe(
      `Invalid input latest-key "${key}": ${accepted}`
    )
    expect(await configErrorOf(() => cli(['--latest-key', key]))).toBe(
      `Invalid --latest-key "${key}": ${accepted}`
    )
    expect(await lambdaRefusal({ LATEST_KEY: key })).toBe(
      `Invalid LATEST_KEY "${key}": ${accepted}`
    )
    expect(await configErrorOf(() => deployLambda(['--latest-key', key]))).toContain(
      `--latest-key "${key}" is not valid: an object key no run writes itself`
    )
  })

  it('refuses a key of another layout or format than the configured one', async () => {
    expect(
      await configErrorOf(() => action({ 'latest-key': '20250101.ndjson', layout: 'hive' }))
    ).toContain('is a day file name')
  })

  it.each(['../harvest-data.json', '/harvest-data.json', 'a/./b.json', 'latest/'])(
    'refuses %s, which would leave the prefix or is no object',
    (key) => expect(isLatestKey(key)).toBe(false)
  )

  it('refuses control characters', async () => {
    expect(await configErrorOf(() => cli(['--latest-key', 'latest\u0007.json']))).toContain(
      'expected a single line without control characters'
    )
  })

  it.each(['harvest-data.json', 'latest.ndjson', 'exports/all.json', 'projects-latest.json'])(
    'accepts %s',
    (key) => {
      expect(isLatestKey(key)).toBe(true)
      expect(cli(['--latest-key', key]).export.latestKey).toBe(key)
    }
  )
})

describe('s3-prefix without its final /', () => {
  const fix = 'expected a key prefix ending in / (a folder), e.g. harvest/.'

  it('is refused on every face and by deploy, naming the fix', async () => {
    expect(await configErrorOf(() => action({ 's3-prefix': 'harvest' }))).toBe(
      `Invalid input s3-prefix "harvest": ${fix}`
    )
    expect(await configErrorOf(() => cli(['--prefix', 'harvest']))).toBe(
      `Invalid --prefix "harvest": ${fix}`
    )
    expect(await configErrorOf(() => cli([], { ...ENV, S3_PREFIX: 'harvest' }))).toBe(
      `Invalid S3_PREFIX "harvest": ${fix}`
    )
    expect(await lambdaRefusal({ S3_PREFIX: 'harvest' })).toBe(
      `Invalid S3_PREFIX "harvest": ${fix}`
    )
    const deploy =
      '--prefix "harvest" is not valid: a key prefix ending in / (a folder), e.g. harvest/.'
    expect(await configErrorOf(() => deployLambda(['--prefix', 'harvest']))).toContain(deploy)
    expect(await configErrorOf(() => deployGithubRole(['--prefix', 'harvest']))).toContain(deploy)
  })

  it('names the fix for a nested prefix', async () => {
    expect(await configErrorOf(() => cli(['--prefix', 'exports/harvest']))).toBe(
      'Invalid --prefix "exports/harvest": expected a key prefix ending in / (a folder), e.g. exports/harvest/.'
    )
  })

  it('keeps the general words where adding / would not help', async () => {
    expect(await configErrorOf(() => cli(['--prefix', '../harvest']))).toContain(
      'expected a key prefix such as harvest/ (a folder: ending in /;'
    )
  })

  it('accepts an empty prefix and one ending in /', () => {
    expect(cli([]).export.prefix).toBe('')
    expect(cli(['--prefix', 'harvest/']).export.prefix).toBe('harvest/')
    expect(deployLambda(['--prefix', 'exports/harvest/']).prefix).toBe('exports/harvest/')
  })
})

describe('from and to that are not dates of the calendar', () => {
  it('tells every face the date does not exist, not that its format is wrong', async () => {
    const feb = 'expected a date that exists (2026-02-30 does not: February 2026 has 28 days).'
    expect(await configErrorOf(() => action({ from: '2026-02-30' }))).toBe(
      `Invalid input from "2026-02-30": ${feb}`
    )
    expect(await configErrorOf(() => cli(['--from', '2026-02-30']))).toBe(
      `Invalid --from "2026-02-30": ${feb}`
    )
    expect(await lambdaRefusal({}, { from: '2026-02-30' })).toBe(
      `Invalid event.from "2026-02-30": ${feb}`
    )
    expect(await configErrorOf(() => cli(['--to', '2024-02-30']))).toBe(
      'Invalid --to "2024-02-30": expected a date that exists (2024-02-30 does not: February 2024 has 29 days).'
    )
    expect(await configErrorOf(() => cli(['--to', '2026-13-01']))).toBe(
      'Invalid --to "2026-13-01": expected a date that exists (2026-13-01 does not: there is no month 13).'
    )
    expect(await configErrorOf(() => cli(['--from', '2026-04-31']))).toContain(
      'April 2026 has 30 days'
    )
  })

  it('still names the format when the format is what is wrong', async () => {
    expect(await configErrorOf(() => cli(['--from', '2026-2-3']))).toBe(
      'Invalid --from "2026-2-3": expected a date written YYYY-MM-DD, e.g. 2025-01-31.'
    )
  })

  it('accepts 29 February in a leap year', () => {
    expect(cli(['--from', '2024-02-29', '--to', '2024-03-01']).export.window.from).toBe(
      '2024-02-29'
    )
  })
})

describe('tables', () => {
  it('refuses an unknown value on every face, naming the values accepted', async () => {
    const accepted = 'expected one of none, parquet.'
    expect(await configErrorOf(() => action({ tables: 'csv' }))).toBe(
      `Invalid input tables "csv": ${accepted}`
    )
    expect(await configErrorOf(() => cli(['--tables', 'csv']))).toBe(
      `Invalid --tables "csv": ${accepted}`
    )
    expect(await lambdaRefusal({ TABLES: 'csv' })).toBe(`Invalid TABLES "csv": ${accepted}`)
  })

  it('refuses parquet with the snapshot layout, as each face spells both', async () => {
    expect(await configErrorOf(() => action({ tables: 'parquet', layout: 'snapshot' }))).toBe(
      'input tables parquet needs day files: it works with layout flat or hive, not snapshot.'
    )
    expect(await configErrorOf(() => cli(['--tables', 'parquet', '--layout', 'snapshot']))).toBe(
      '--tables parquet needs day files: it works with --layout flat or hive, not snapshot.'
    )
    expect(await lambdaRefusal({ TABLES: 'parquet', LAYOUT: 'snapshot' })).toBe(
      'TABLES parquet needs day files: it works with LAYOUT flat or hive, not snapshot.'
    )
  })

  it('refuses verify of a snapshot layout as a setting, as each face spells it', async () => {
    const refusal = (spelled: string) =>
      `Verify checks an archive of one file per day: ${spelled} snapshot has none, it works with flat or hive.`
    expect(await configErrorOf(() => action({ command: 'verify', layout: 'snapshot' }))).toBe(
      refusal('input layout')
    )
    const verifyCli = () =>
      parseVerifyConfig(
        readCliSettings(['--bucket', 'my-bucket', '--layout', 'snapshot'], ENV).raw,
        { names: CLI_NAMES, env: ENV, now: NOW }
      )
    expect(await configErrorOf(verifyCli)).toBe(refusal('--layout'))
    expect(await lambdaRefusal({ LAYOUT: 'snapshot' }, { command: 'verify' })).toBe(
      refusal('LAYOUT')
    )
  })

  it('is none unless set, and parquet with flat or hive', () => {
    const config = (c: ReturnType<typeof action>) => (c.command === 'export' ? c.export : undefined)
    expect(config(action({}))?.tables).toBe('none')
    expect(config(action({ tables: 'parquet', layout: 'hive' }))?.tables).toBe('parquet')
    expect(cli(['--tables', 'parquet']).export.tables).toBe('parquet')
  })
})
