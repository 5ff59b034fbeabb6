import { checkMerged, lambdaOptions } from '../../../src/deploy/lambda-options.js'
import { configErrorOf } from '../../support/config-error.js'

describe('deploy lambda flags', () => {
  it('defaults every export setting as the template does, the account id from HARVEST_ACCOUNT_ID', () => {
    const { parameters, ...options } = lambdaOptions(['--bucket', 'acme-harvest'], {
      HARVEST_ACCOUNT_ID: '42'
    })
    expect(options).toEqual({
      bucket: 'acme-harvest',
      prefix: 'harvest/',
      region: undefined,
      createBucket: false,
      kmsKey: '',
      codeBucket: 'acme-harvest',
      schedule: 'cron(0 2 * * ? *)',
      stackName: 'harvest-s3-export',
      functionName: 'harvest-s3-export',
      tokenParameter: '/harvest-s3-export/access-token',
      alarmEmail: '',
      accountId: '42',
      logRetention: 90,
      dryRun: false,
      harvestUrl: 'https://api.harvestapp.com/v2/time_entries',
      userAgent: 'harvest-s3-export (+https://www.npmjs.com/package/harvest-s3-export)',
      given: new Set(['ExportBucket', 'HarvestAccountId'])
    })
    // The export's settings as lambda.yml's parameters take them (a new setting adds its own).
    expect(parameters).toMatchObject({
      HarvestAccountId: '42',
      ExportBucket: 'acme-harvest',
      ExportPrefix: 'harvest/',
      DaysBack: '90',
      TimeZone: 'UTC',
      Format: 'json',
      Layout: 'flat',
      LatestKey: '',
      Changes: 'false',
      LateEdits: 'sync',
      OnClosedChange: 'warn',
      Resources: 'time_entries'
    })
  })

  it('leaves the account id to the live stack when neither --account-id nor HARVEST_ACCOUNT_ID gives it', () => {
    const options = lambdaOptions(['--bucket', 'acme-harvest'], { HARVEST_ACCOUNT_ID: ' ' })
    expect(options.accountId).toBe('')
    expect(options.given).toEqual(new Set(['ExportBucket']))
  })

  it("checks a rerun's flags together with the settings it keeps from the live stack", async () => {
    const { parameters } = lambdaOptions(['--bucket', 'acme-harvest', '--tables', 'parquet'], {
      HARVEST_ACCOUNT_ID: '42'
    })
    expect(() => checkMerged(parameters)).not.toThrow()
    expect(await configErrorOf(() => checkMerged({ ...parameters, Layout: 'snapshot' }))).toBe(
      'deploy lambda: --tables parquet needs day files: it works with --layout flat or hive, not snapshot ' +
        '(with the settings this rerun keeps from the live stack).'
    )
  })

  it('takes --harvest-url for the token check, checked like the export does', async () => {
    const base = ['--bucket', 'acme-harvest', '--account-id', '1']
    expect(
      lambdaOptions([...base, '--harvest-url', 'http://127.0.0.1:8080/v2/time_entries'], {})
        .harvestUrl
    ).toBe('http://127.0.0.1:8080/v2/time_entries')
    expect(
      await configErrorOf(() =>
        lambdaOptions([...base, '--harvest-url', 'http://harvest.example/v2/time_entries'], {})
      )
    ).toContain(
      'deploy lambda: --harvest-url "http://harvest.example/v2/time_entries" is not valid'
    )
  })

  it('takes the region from --region over AWS_REGION over AWS_DEFAULT_REGION', () => {
    const base = ['--bucket', 'acme-harvest', '--account-id', '1']
    expect(lambdaOptions(base, { AWS_DEFAULT_REGION: 'us-west-2' }).region).toBe('us-west-2')
    expect(
      lambdaOptions(base, { AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'us-west-2' }).region
    ).toBe('eu-west-1')
    expect(
      lambdaOptions([...base, '--region', 'ap-south-1'], { AWS_REGION: 'eu-west-1' }).region
    ).toBe('ap-south-1')
  })

  it('names every bad flag and what it accepts, all at once', async () => {
    const message = await configErrorOf(() =>
      lambdaOptions(
        [
          '--bucket',
          'Bad_Bucket',
          '--days-back=-1',
          '--timezone',
          'Mars/Olympus',
          '--layout',
          'tree',
          '--resources',
          'time_entries,planets',
          '--schedule',
          'every day',
          '--log-retention',
          '2'
        ],
        {}
      )
    )
    expect(message).toContain('--bucket "Bad_Bucket" is not valid')
    // Not yet: a rerun keeps the deployed account id, which only the live stack tells (deployLambda).
    expect(message).not.toContain('--account-id')
    expect(message).toContain('--days-back "-1" is not valid: an integer 0..3660')
    expect(message).toContain('--timezone "Mars/Olympus" is not valid')
    expect(message).toContain('--layout "tree" is not valid: use flat or hive or snapshot')
    expect(message).toContain('--resources "time_entries,planets" is not valid')
    expect(message).toContain('--schedule "every day" is not valid')
    expect(message).toContain('--log-retention "2" is not valid')
  })

  it('has no token flag: an unknown flag is refused by name', async () => {
    expect(
      await configErrorOf(() => lambdaOptions(['--bucket', 'b-1', '--token', 'secret'], {}))
    ).toMatch(/deploy lambda: Unknown option '--token'/)
  })

  it('accepts all, and lists separated by commas or spaces', () => {
    const base = ['--bucket', 'acme-harvest', '--account-id', '1']
    const resources = (argv: string[]) => lambdaOptions([...base, ...argv], {}).parameters.Resources
    expect(resources(['--resources', 'all'])).toBe('all')
    expect(resources(['--resources', 'projects clients'])).toBe('projects,clients')
  })
})
