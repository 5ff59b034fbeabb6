import { jest } from '@jest/globals'
import { readEvent } from '../../../src/lambda/event.js'
import { lambdaSettings } from '../../../src/lambda/settings.js'
import { configErrorOf } from '../../support/config-error.js'

const ENV = {
  HARVEST_ACCOUNT_ID: '123456',
  HARVEST_ACCESS_TOKEN: 'env-token-0123456789',
  S3_BUCKET_NAME: 'my-bucket',
  AWS_REGION: 'eu-central-1'
}

const SCHEDULED_EVENT = {
  version: '0',
  id: '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '123456789012',
  time: '2025-03-31T06:00:00Z',
  region: 'eu-central-1',
  resources: ['arn:aws:events:eu-central-1:123456789012:rule/harvest-export'],
  detail: {}
}

const noSsm = (): Promise<string> => Promise.reject(new Error('SSM must not be called'))

describe('Lambda event overrides', () => {
  it.each([
    ['{}', {}],
    ['null', null],
    ['no event', undefined],
    ['a scheduled EventBridge event', SCHEDULED_EVENT]
  ])('runs the default export for %s', (_name, event) => {
    expect(readEvent(event)).toEqual({ raw: {}, ignored: [] })
  })

  it('labels each override as event.<field>', () => {
    expect(
      readEvent({ days_back: 7, from: '2025-01-01', to: '2025-01-31', dry_run: true }).raw
    ).toEqual({
      'days-back': { value: '7', label: 'event.days_back' },
      from: { value: '2025-01-01', label: 'event.from' },
      to: { value: '2025-01-31', label: 'event.to' },
      'dry-run': { value: 'true', label: 'event.dry_run' }
    })
  })

  it('accepts days_back as a numeric string, and null as not set', () => {
    expect(readEvent({ days_back: ' 14 ', from: null }).raw).toEqual({
      'days-back': { value: '14', label: 'event.days_back' }
    })
  })

  it('reports every mistyped field at once, naming it and what it accepts', async () => {
    const message = await configErrorOf(() =>
      readEvent({ days_back: true, dry_run: 'yes', from: 20250101 })
    )
    expect(message).toContain('Invalid event.days_back true: expected a number of days such as 7.')
    expect(message).toContain('Invalid event.dry_run "yes": expected true or false.')
    expect(message).toContain('Invalid event.from 20250101: expected a date written YYYY-MM-DD.')
  })

  it.each([[[1, 2]], ['{"days_back": 7}'], [7]])(
    'refuses an event that is not an object: %j',
    async (event) => {
      expect(await configErrorOf(() => readEvent(event))).toContain(
        'Invalid event: expected a JSON object'
      )
    }
  )

  it('reports unknown fields of a hand-written event, not those of an AWS service event', () => {
    expect(readEvent({ daysback: 7 }).ignored).toEqual(['daysback'])
    expect(readEvent(SCHEDULED_EVENT).ignored).toEqual([])
  })
})

describe('Lambda settings', () => {
  it('reads the environment variables and lets the event override them', async () => {
    const { config, warnings } = await lambdaSettings(
      { ...ENV, DAYS_BACK: '30', S3_PREFIX: 'harvest/' },
      { days_back: '7', dry_run: true },
      noSsm
    )
    expect(config).toMatchObject({
      harvest: { accountId: '123456', accessToken: 'env-token-0123456789' },
      store: { kind: 's3', bucket: 'my-bucket' },
      aws: { region: 'eu-central-1' },
      export: { window: { daysBack: 7 }, prefix: 'harvest/', dryRun: true }
    })
    expect(warnings).toEqual([])
  })

  it('names the environment variable or event field that is wrong', async () => {
    const message = await configErrorOf(() =>
      lambdaSettings({ ...ENV, DAYS_BACK: 'ninety', FORMAT: 'csv' }, { days_back: -3 }, noSsm)
    )
    expect(message).toContain(
      'Invalid event.days_back "-3": expected a whole number from 0 to 3660.'
    )
    expect(message).toContain('Invalid FORMAT "csv": expected one of json, ndjson.')
    expect(message).not.toContain('DAYS_BACK')
  })

  it('asks for S3_BUCKET_NAME and the token when missing', async () => {
    const message = await configErrorOf(() =>
      lambdaSettings({ HARVEST_ACCOUNT_ID: '1' }, {}, noSsm)
    )
    expect(message).toContain('Missing HARVEST_ACCESS_TOKEN (or HARVEST_ACCESS_TOKEN_PARAMETER)')
    expect(message).toContain('Missing S3_BUCKET_NAME: the S3 bucket to write to is required.')
  })

  it('reads the token from HARVEST_ACCESS_TOKEN_PARAMETER instead of HARVEST_ACCESS_TOKEN, with a warning when both are set', async () => {
    const readToken = jest.fn((name: string) => Promise.resolve(`ssm-token-for-${name.length}`))
    const { config, warnings } = await lambdaSettings(
      { ...ENV, HARVEST_ACCESS_TOKEN_PARAMETER: '/harvest/token' },
      {},
      readToken
    )
    expect(readToken).toHaveBeenCalledWith('/harvest/token')
    expect(config.harvest.accessToken).toBe('ssm-token-for-14')
    expect(warnings).toEqual([
      'Both HARVEST_ACCESS_TOKEN_PARAMETER and HARVEST_ACCESS_TOKEN are set: the token is read from SSM.'
    ])
  })

  it('validates every other setting before calling SSM', async () => {
    const readToken = jest.fn(() => Promise.resolve('ssm-token'))
    const { HARVEST_ACCESS_TOKEN: _unused, ...withoutToken } = ENV
    void _unused
    const message = await configErrorOf(() =>
      lambdaSettings(
        { ...withoutToken, HARVEST_ACCESS_TOKEN_PARAMETER: '/harvest/token', LAYOUT: 'tree' },
        {},
        readToken
      )
    )
    expect(message).toContain('Invalid LAYOUT "tree"')
    expect(readToken).not.toHaveBeenCalled()
  })

  it('refuses a parameter value that is not a token, without echoing it', async () => {
    const message = await configErrorOf(() =>
      lambdaSettings({ ...ENV, HARVEST_ACCESS_TOKEN_PARAMETER: '/harvest/token' }, {}, () =>
        Promise.resolve('two words')
      )
    )
    expect(message).toBe(
      'Invalid SSM parameter /harvest/token: expected a Harvest Personal Access Token.'
    )
  })

  it('warns about event fields it ignores', async () => {
    const { warnings } = await lambdaSettings(ENV, { days: 7 }, noSsm)
    expect(warnings).toEqual([
      'Ignored event fields days: the event accepts days_back, from, to and dry_run.'
    ])
  })
})

describe('the verify event', () => {
  it('reads {"command": "verify"} as the audit, with the export settings of the environment', async () => {
    expect(readEvent({ command: 'verify' })).toEqual({ command: 'verify', raw: {}, ignored: [] })
    const { config, warnings } = await lambdaSettings(ENV, { command: 'verify' }, noSsm)
    expect(config.command).toBe('verify')
    expect(warnings).toEqual([])
  })

  it('refuses another command and a dry run, naming the event field', async () => {
    expect(await configErrorOf(() => readEvent({ command: 'sync' }))).toContain(
      'Invalid event.command "sync": expected "export" or "verify".'
    )
    const message = await configErrorOf(() =>
      lambdaSettings(ENV, { command: 'verify', dry_run: true }, noSsm)
    )
    expect(message).toContain('event.dry_run means nothing with verify')
  })
})
