import { parseConfig } from '../../../src/config/parse.js'
import type { InputName, RawSettings } from '../../../src/config/inputs.js'
import { configErrorOf } from '../../support/config-error.js'

const NOW = new Date('2025-03-31T12:00:00Z')
const TOKEN = 'secret-token-value-123'

function raw(values: Partial<Record<InputName, string>>): RawSettings {
  const settings: RawSettings = {}
  for (const [name, value] of Object.entries(values) as Array<[InputName, string]>) {
    settings[name] = { value, label: `input ${name}` }
  }
  return settings
}

const valid = {
  'harvest-account-id': '123456',
  'harvest-access-token': TOKEN,
  's3-bucket': 'my-bucket'
}

function problemWith(values: Partial<Record<InputName, string>>): Promise<string> {
  return configErrorOf(() => parseConfig(raw({ ...valid, ...values }), {}, NOW))
}

describe('settings validation', () => {
  it('fills the defaults the README Inputs table gives', () => {
    const config = parseConfig(
      raw(valid),
      { GITHUB_REPOSITORY: 'acme/timesheets', GITHUB_SERVER_URL: 'https://github.com' },
      NOW
    )
    expect(config).toMatchObject({
      command: 'export',
      harvest: {
        url: 'https://api.harvestapp.com/v2/time_entries',
        userAgent: 'harvest-s3-export (+https://github.com/acme/timesheets)'
      },
      store: { kind: 's3', bucket: 'my-bucket' },
      aws: {
        region: 'us-east-1',
        roleSessionName: 'harvest-s3-export',
        roleDurationSeconds: 3600,
        audience: 'sts.amazonaws.com'
      },
      export: {
        window: { daysBack: 90, timeZone: 'UTC' },
        prefix: '',
        format: 'json',
        layout: 'flat',
        changes: false,
        dryRun: false,
        allowEmpty: false
      }
    })
  })

  it('takes the region from AWS_REGION, then AWS_DEFAULT_REGION', () => {
    expect(parseConfig(raw(valid), { AWS_DEFAULT_REGION: 'eu-west-1' }, NOW).aws.region).toBe(
      'eu-west-1'
    )
    expect(
      parseConfig(raw(valid), { AWS_REGION: 'eu-central-1', AWS_DEFAULT_REGION: 'eu-west-1' }, NOW)
        .aws.region
    ).toBe('eu-central-1')
  })

  it.each([
    [{ 'harvest-account-id': 'abc' }, 'input harvest-account-id "abc": expected digits only'],
    [{ 'harvest-account-id': '' }, 'Missing input harvest-account-id'],
    [{ 'harvest-access-token': '' }, 'Missing input harvest-access-token'],
    [{ 'days-back': '-1' }, 'input days-back "-1": expected a whole number from 0 to 3660'],
    [{ 'days-back': '3661' }, 'from 0 to 3660'],
    [{ 'days-back': '7.5' }, 'input days-back'],
    [
      { from: '2025-02-30' },
      'input from "2025-02-30": expected a date that exists (2025-02-30 does not: February 2025 has 28 days)'
    ],
    [{ from: '2025-03-10', to: '2025-03-01' }, 'from <= to'],
    [{ timezone: 'Mars/Base' }, 'input timezone "Mars/Base": expected an IANA time zone'],
    [{ format: 'csv' }, 'input format "csv": expected one of json, ndjson'],
    [{ layout: 'tree' }, 'input layout "tree": expected one of flat, hive, snapshot'],
    [{ 's3-bucket': 'My_Bucket' }, 'input s3-bucket "My_Bucket": expected an S3 bucket name'],
    [{ 's3-bucket': '192.168.1.1' }, 'input s3-bucket'],
    [{ 's3-bucket': '', 'out-dir': '' }, 'Exactly one of input s3-bucket and input out-dir'],
    [{ 'out-dir': '/tmp/x' }, 'Exactly one of input s3-bucket and input out-dir'],
    [{ 's3-prefix': '/harvest/' }, 'input s3-prefix "/harvest/": expected a key prefix'],
    [{ 's3-prefix': 'a/../b/' }, 'input s3-prefix'],
    [{ 's3-endpoint': 'ftp://x' }, 'input s3-endpoint "ftp://x"'],
    [{ 'harvest-url': 'http://api.harvestapp.com/v2/time_entries' }, 'input harvest-url'],
    [{ 'harvest-url': 'not a url' }, 'input harvest-url'],
    [{ changes: 'yes' }, 'input changes "yes": expected true or false'],
    [{ 'dry-run': 'maybe' }, 'input dry-run'],
    [{ 'allow-empty': '1' }, 'input allow-empty'],
    [{ 'latest-key': '../x.json' }, 'input latest-key'],
    [{ 'latest-key': '20250101.json' }, 'input latest-key'],
    [{ 'role-to-assume': 'my-role' }, 'input role-to-assume "my-role": expected an IAM role ARN'],
    [{ 'role-duration-seconds': '100' }, 'from 900 to 43200'],
    [{ 'aws-region': 'US EAST' }, 'input aws-region'],
    [{ command: 'sync' }, 'input command "sync": expected one of export, verify, publish-lambda'],
    [{ 's3-prefix': 'a\nb/' }, 'input s3-prefix'],
    [{ from: '2015-01-01', to: '2035-01-01' }, 'at most 3661']
  ])('rejects %j naming the input and what is accepted', async (values, expected) => {
    expect(await problemWith(values)).toContain(expected)
  })

  it('reports every problem at once', async () => {
    const message = await problemWith({ 'days-back': 'x', format: 'xml' })
    expect(message).toContain('days-back')
    expect(message).toContain('format')
  })

  it('never echoes the token, even when it is invalid', async () => {
    const message = await problemWith({
      'harvest-access-token': `${TOKEN}\nmore`,
      'days-back': 'x'
    })
    expect(message).toContain('harvest-access-token')
    expect(message).not.toContain(TOKEN)
  })

  it('accepts plain http only for loopback Harvest URLs', () => {
    for (const url of [
      'http://localhost:8080/v2/time_entries',
      'http://127.0.0.1/v2/time_entries',
      'http://[::1]:9/v2/time_entries'
    ]) {
      expect(parseConfig(raw({ ...valid, 'harvest-url': url }), {}, NOW).command).toBe('export')
    }
  })

  it('accepts a single from or to, taking the other end from the rolling window', () => {
    const config = parseConfig(raw({ ...valid, from: '2025-01-01' }), {}, NOW)
    expect(config.command === 'export' && config.export.window).toMatchObject({
      from: '2025-01-01',
      daysBack: 90
    })
  })
})
