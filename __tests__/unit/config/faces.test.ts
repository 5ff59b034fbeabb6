import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { jest } from '@jest/globals'
import type { InputName, RawSettings } from '../../../src/config/inputs.js'
import { parseConfig } from '../../../src/config/parse.js'
import { parseExportConfig, withAccessToken } from '../../../src/config/parse-export.js'
import { RESOURCE_NAMES } from '../../../src/resources/names.js'
import { ACTION_NAMES, CLI_NAMES, LAMBDA_NAMES } from '../../../src/config/setting-names.js'
import { readCliSettings } from '../../../src/cli/settings.js'
import { lambdaSettings } from '../../../src/lambda/settings.js'
import { configErrorOf } from '../../support/config-error.js'

const NOW = new Date('2025-03-31T12:00:00Z')
const TOKEN = 'secret-token-value-123'

const ACTION = {
  'harvest-account-id': '123456',
  'harvest-access-token': TOKEN,
  's3-bucket': 'my-bucket'
}
const ENV = { HARVEST_ACCOUNT_ID: '123456', HARVEST_ACCESS_TOKEN: TOKEN }
const LAMBDA_ENV = { ...ENV, S3_BUCKET_NAME: 'my-bucket' }

const noSsm = (): Promise<string> => Promise.reject(new Error('SSM must not be called'))

function inputs(values: Partial<Record<InputName, string>>): RawSettings {
  const raw: RawSettings = {}
  for (const [name, value] of Object.entries(values) as Array<[InputName, string]>)
    raw[name] = { value, label: `input ${name}` }
  return raw
}

function action(values: Partial<Record<InputName, string>>) {
  const config = parseConfig(inputs({ ...ACTION, ...values }), {}, NOW)
  if (config.command !== 'export') throw new Error('not an export')
  return config
}

function cli(argv: string[], env: Record<string, string> = ENV) {
  return parseExportConfig(readCliSettings(argv, env).raw, { names: CLI_NAMES, env, now: NOW })
}

describe('late-edits', () => {
  it('defaults to sync on every face', async () => {
    expect(action({}).export.lateEdits).toBe('sync')
    expect(cli(['--bucket', 'b-1']).export.lateEdits).toBe('sync')
    expect((await lambdaSettings(LAMBDA_ENV, {}, noSsm)).config.export.lateEdits).toBe('sync')
  })

  it('reads ignore from the input, the flag and the variable', async () => {
    expect(action({ 'late-edits': 'ignore' }).export.lateEdits).toBe('ignore')
    expect(cli(['--bucket', 'b-1', '--late-edits', 'ignore']).export.lateEdits).toBe('ignore')
    expect(cli(['--bucket', 'b-1'], { ...ENV, LATE_EDITS: 'ignore' }).export.lateEdits).toBe(
      'ignore'
    )
    const lambda = await lambdaSettings({ ...LAMBDA_ENV, LATE_EDITS: 'ignore' }, {}, noSsm)
    expect(lambda.config.export.lateEdits).toBe('ignore')
  })

  it('names the setting as each face spells it when the value is wrong', async () => {
    expect(await configErrorOf(() => action({ 'late-edits': 'skip' }))).toBe(
      'Invalid input late-edits "skip": expected one of sync, ignore.'
    )
    expect(await configErrorOf(() => cli(['--bucket', 'b-1', '--late-edits', 'skip']))).toBe(
      'Invalid --late-edits "skip": expected one of sync, ignore.'
    )
    expect(
      await configErrorOf(() => lambdaSettings({ ...LAMBDA_ENV, LATE_EDITS: 'skip' }, {}, noSsm))
    ).toBe('Invalid LATE_EDITS "skip": expected one of sync, ignore.')
  })
})

describe('resources', () => {
  it('defaults to time_entries only', async () => {
    expect(action({}).export.resources).toEqual(['time_entries'])
    expect(cli(['--bucket', 'b-1']).export.resources).toEqual(['time_entries'])
    expect((await lambdaSettings(LAMBDA_ENV, {}, noSsm)).config.export.resources).toEqual([
      'time_entries'
    ])
  })

  it('reads a list from each face, in the README order without duplicates', async () => {
    expect(action({ resources: 'users projects,users' }).export.resources).toEqual([
      'projects',
      'users'
    ])
    expect(cli(['--bucket', 'b-1', '--resources', 'all']).export.resources).toEqual(RESOURCE_NAMES)
    const lambda = await lambdaSettings(
      { ...LAMBDA_ENV, RESOURCES: 'company, time_entries' },
      {},
      noSsm
    )
    expect(lambda.config.export.resources).toEqual(['time_entries', 'company'])
  })

  it('refuses unknown names before any call, naming the setting and listing what is accepted', async () => {
    const readToken = jest.fn(() => Promise.resolve(TOKEN))
    const messages = [
      await configErrorOf(() => action({ resources: 'time_entries, projets' })),
      await configErrorOf(() => cli(['--bucket', 'b-1', '--resources', 'time_entries, projets'])),
      await configErrorOf(() =>
        lambdaSettings(
          {
            ...LAMBDA_ENV,
            HARVEST_ACCESS_TOKEN_PARAMETER: '/t',
            RESOURCES: 'time_entries, projets'
          },
          {},
          readToken
        )
      )
    ]
    expect(readToken).not.toHaveBeenCalled()
    expect(messages.map((message) => message.split(':')[0])).toEqual([
      'Invalid input resources "time_entries, projets"',
      'Invalid --resources "time_entries, projets"',
      'Invalid RESOURCES "time_entries, projets"'
    ])
    for (const message of messages) {
      expect(message).toContain(
        `expected a comma- or space-separated list of ${RESOURCE_NAMES.join(', ')}, or all`
      )
      expect(message).toContain('(projets is not among them).')
    }
  })

  it('refuses a list that names nothing', async () => {
    expect(await configErrorOf(() => cli(['--bucket', 'b-1', '--resources', ', ,']))).toContain(
      'Invalid --resources ", ,": expected a comma- or space-separated list of'
    )
  })
})

describe('messages name settings as each face spells them', () => {
  it('the CLI asks for its flags and the token variable', async () => {
    const message = await configErrorOf(() => cli([], {}))
    expect(message).toBe(
      [
        'Invalid settings:',
        '- Missing --account-id: the Harvest account id (digits only, e.g. 123456) is required.',
        '- Missing HARVEST_ACCESS_TOKEN: a Harvest Personal Access Token is required.',
        '- Exactly one of --bucket and --out-dir must be set (an S3 bucket name, or a local directory).'
      ].join('\n')
    )
  })

  it('the CLI names the window settings as flags', async () => {
    expect(await configErrorOf(() => cli(['--bucket', 'b-1', '--from', '2025-04-10']))).toBe(
      'The window 2025-04-10..2025-03-31 starts after it ends: --from must keep from <= to ' +
        '(--from defaults to today minus --days-back, --to to today).'
    )
  })

  it('a window too long names the settings that span it, as each face spells them', async () => {
    expect(await configErrorOf(() => cli(['--bucket', 'b-1', '--from', '2010-01-01']))).toBe(
      'The window 2010-01-01..2025-03-31 has 5569 days but at most 3661 are accepted: ' +
        '--from must be at most 3660 days before --to (--from defaults to today minus --days-back, ' +
        '--to to today); split the backfill into shorter runs.'
    )
    const message = await configErrorOf(() => action({ from: '2010-01-01', to: '2025-01-01' }))
    expect(message).toContain('input from must be at most 3660 days before input to')
  })

  it('the Lambda function asks for its variables', async () => {
    const message = await configErrorOf(() => lambdaSettings({}, {}, noSsm))
    expect(message).toContain('- Missing HARVEST_ACCOUNT_ID: the Harvest account id')
    expect(message).toContain('- Missing S3_BUCKET_NAME: the S3 bucket to write to is required.')
  })

  it('the action names its inputs', async () => {
    const message = await configErrorOf(() => parseConfig({}, {}, NOW))
    expect(message).toContain('- Missing harvest-account-id: the Harvest account id')
    expect(message).toContain('- Exactly one of s3-bucket and out-dir must be set')
  })

  it('problems quoted from elsewhere end in one full stop', async () => {
    const message = await configErrorOf(() => readCliSettings(['--days-bak', '7'], {}))
    expect(message).toMatch(/--days-bak.*: run harvest-s3-export --help for the options\.$/)
    expect(message).not.toMatch(/\.\./)
  })
})

describe('the parsed config', () => {
  it('carries the names of the face that parsed it', async () => {
    expect(action({}).names).toBe(ACTION_NAMES)
    expect(cli(['--bucket', 'b-1']).names).toBe(CLI_NAMES)
    const fromSsm = await lambdaSettings(
      { ...LAMBDA_ENV, HARVEST_ACCESS_TOKEN_PARAMETER: '/t' },
      {},
      () => Promise.resolve(TOKEN)
    )
    expect(fromSsm.config.names).toBe(LAMBDA_NAMES)
    const fromVariable = await lambdaSettings(LAMBDA_ENV, {}, noSsm)
    expect(fromVariable.config.names).toEqual({
      ...LAMBDA_NAMES,
      'harvest-access-token': 'HARVEST_ACCESS_TOKEN'
    })
  })

  it('holds no credentials: config.json keys travel beside it', () => {
    const config = cli(['--bucket', 'b-1'])
    expect(config.aws).not.toHaveProperty('credentials')
  })

  it('checks a token read after parsing on its own, leaving the rest as parsed', () => {
    const pending = parseExportConfig(inputs({ 'harvest-account-id': '1', 's3-bucket': 'b-1' }), {
      names: LAMBDA_NAMES,
      env: {},
      now: NOW,
      accessToken: 'later'
    })
    expect(pending.harvest.accessToken).toBe('')
    const config = withAccessToken(pending, { value: ` ${TOKEN} `, label: 'SSM parameter /t' })
    expect(config).toEqual({ ...pending, harvest: { ...pending.harvest, accessToken: TOKEN } })
    expect(pending.harvest.accessToken).toBe('')
    expect(() => withAccessToken(pending, { value: 'a\nb', label: 'SSM parameter /t' })).toThrow(
      'Invalid SSM parameter /t: expected a single line without control characters.'
    )
  })
})

describe("the CLI's destination", () => {
  it('is --out-dir when given, over a bucket from S3_BUCKET_NAME or config.json (flags win)', () => {
    expect(cli(['--out-dir', 'try'], { ...ENV, S3_BUCKET_NAME: 'my-bucket' }).store).toEqual({
      kind: 'dir',
      dir: 'try'
    })
    const folder = mkdtempSync(join(tmpdir(), 'faces-config-'))
    try {
      const file = join(folder, 'config.json')
      writeFileSync(
        file,
        JSON.stringify({ account_id: '123456', aws: { bucket_name: 'my-bucket' } })
      )
      expect(cli(['--config', file, '--out-dir', 'try']).store).toEqual({ kind: 'dir', dir: 'try' })
      expect(cli(['--config', file]).store).toMatchObject({ kind: 's3', bucket: 'my-bucket' })
    } finally {
      rmSync(folder, { recursive: true, force: true })
    }
  })

  it('is still one: --bucket and --out-dir together are refused', async () => {
    expect(await configErrorOf(() => cli(['--bucket', 'b-1', '--out-dir', 'try']))).toBe(
      'Exactly one of --bucket and --out-dir must be set (an S3 bucket name, or a local directory).'
    )
  })
})
