import { alarmLine, backfillCommand, nextSteps } from '../../../src/deploy/next-steps.js'

const DEPLOYED = {
  functionName: 'harvest-s3-export',
  region: 'eu-central-1',
  logGroup: '/aws/lambda/harvest-s3-export',
  bucket: 'acme-harvest',
  prefix: 'harvest/',
  accountId: '123456',
  layout: 'flat',
  format: 'json',
  alarmEmail: ''
}

describe('the end of deploy lambda', () => {
  it('gives the CLI backfill into the same bucket and prefix, default layout and format left out', () => {
    expect(backfillCommand(DEPLOYED)).toBe(
      'harvest-s3-export --account-id 123456 --bucket acme-harvest --prefix harvest/ --region eu-central-1 --from YYYY-MM-DD --to YYYY-MM-DD'
    )
  })

  it('names a deployed layout and format that are not the defaults, and quotes an empty prefix', () => {
    expect(backfillCommand({ ...DEPLOYED, layout: 'hive', format: 'ndjson', prefix: '' })).toBe(
      "harvest-s3-export --account-id 123456 --bucket acme-harvest --prefix '' --region eu-central-1 --layout hive --format ndjson --from YYYY-MM-DD --to YYYY-MM-DD"
    )
  })

  it('backfills with the deployed tables, so the months it rewrites keep tables that match', () => {
    expect(backfillCommand({ ...DEPLOYED, tables: 'parquet' })).toBe(
      'harvest-s3-export --account-id 123456 --bucket acme-harvest --prefix harvest/ --region eu-central-1 --tables parquet --from YYYY-MM-DD --to YYYY-MM-DD'
    )
    expect(backfillCommand({ ...DEPLOYED, tables: 'none' })).toBe(backfillCommand(DEPLOYED))
  })

  it('says how to run the function now and where its logs are', () => {
    const lines = nextSteps(DEPLOYED).join('\n')
    expect(lines).toContain(
      "aws lambda invoke --region eu-central-1 --function-name harvest-s3-export --cli-binary-format raw-in-base64-out --payload '{}' out.json"
    )
    expect(lines).toContain(
      'aws logs tail /aws/lambda/harvest-s3-export --follow --region eu-central-1'
    )
  })

  it('says plainly that no alarm is set without --alarm-email', () => {
    expect(alarmLine('')).toMatch(
      /^No alarm: a failed run shows only in CloudWatch; add --alarm-email /
    )
    expect(alarmLine('ops@example.com')).toContain('ops@example.com')
    expect(nextSteps(DEPLOYED).at(-1)).toBe(alarmLine(''))
  })
})
