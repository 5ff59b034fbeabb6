import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { lambdaOptions } from '../../../src/deploy/lambda-options.js'
import {
  keptParameters,
  lambdaParameters,
  mergeParameters,
  parameterRecord,
  settingChanges
} from '../../../src/deploy/live-parameters.js'
import { templateDefaults, templateParameterNames } from '../../../src/deploy/package-files.js'
import { loadTemplate } from '../../support/cloudformation.js'

/** The parameters `deploy lambda` would send for these flags, and which of them were given. */
function wanted(argv: string[]) {
  const options = lambdaOptions(['--bucket', 'acme-harvest', '--account-id', '42', ...argv], {})
  return { parameters: lambdaParameters(options, 'zip/new.zip'), given: options.given }
}

/** What a first deploy with --layout hive --format ndjson --days-back 30 --timezone left live. */
const LIVE = {
  ...wanted([
    '--layout',
    'hive',
    '--format',
    'ndjson',
    '--days-back',
    '30',
    '--timezone',
    'Europe/Berlin'
  ]).parameters,
  CodeKey: 'zip/old.zip'
}

describe('deploy lambda on a rerun: settings not given keep their deployed values', () => {
  it('keeps the template parameters it has no flag for at live values other than their defaults', () => {
    const template = readFileSync(resolve('deploy/lambda.yml'), 'utf8')
    const { parameters } = wanted([])
    const topic = 'arn:aws:sns:eu-central-1:123456789012:ops'
    const live = {
      ...LIVE,
      AlarmTopicArn: topic,
      CreateExportBucket: 'true',
      HarvestTokenKmsKeyArn: '',
      // The code's version goes with the code key deploy replaces.
      CodeObjectVersion: 'v1'
    }
    expect(keptParameters(template, parameters, live)).toEqual({
      AlarmTopicArn: topic,
      CreateExportBucket: 'true'
    })
    // At their defaults they need not be sent: a change set without them changes nothing.
    const defaults = { ...LIVE, AlarmTopicArn: '', CreateExportBucket: 'false' }
    expect(keptParameters(template, parameters, defaults)).toEqual({})
    expect(keptParameters(template, parameters, undefined)).toEqual({})
  })

  it('reads the defaults a template declares, unquoted', () => {
    const template = readFileSync(resolve('deploy/lambda.yml'), 'utf8')
    expect(templateDefaults(template)).toMatchObject({
      FunctionName: 'harvest-s3-export',
      CreateExportBucket: 'false',
      AlarmTopicArn: '',
      DaysBack: '90',
      ScheduleExpression: 'cron(0 2 * * ? *)',
      LogRetentionInDays: '90'
    })
    expect(templateDefaults(template)).not.toHaveProperty('HarvestAccountId')
  })

  it('changes only the schedule when only --schedule is given', () => {
    const { parameters, given } = wanted(['--schedule', 'rate(6 hours)'])
    const merged = mergeParameters(parameters, given, LIVE)
    expect(merged).toEqual({ ...LIVE, ScheduleExpression: 'rate(6 hours)', CodeKey: 'zip/new.zip' })
    expect(merged).toMatchObject({
      Layout: 'hive',
      Format: 'ndjson',
      DaysBack: '30',
      TimeZone: 'Europe/Berlin'
    })
  })

  it('replaces a deployed value with a flag given, even the default value', () => {
    const { parameters, given } = wanted(['--layout', 'flat', '--days-back', '90'])
    const merged = mergeParameters(parameters, given, LIVE)
    expect(merged).toMatchObject({ Layout: 'flat', DaysBack: '90', Format: 'ndjson' })
  })

  it('turns a deployed switch off only through its --no- form', () => {
    const live = { ...LIVE, Changes: 'true' }
    const kept = wanted([])
    expect(mergeParameters(kept.parameters, kept.given, live).Changes).toBe('true')
    const off = wanted(['--no-changes'])
    expect(off.given.has('Changes')).toBe(true)
    expect(mergeParameters(off.parameters, off.given, live).Changes).toBe('false')
  })

  it('counts HARVEST_ACCOUNT_ID as given, and deploy-only flags by their parameter', () => {
    const options = lambdaOptions(
      ['--bucket', 'b-1', '--alarm-email', 'ops@example.com', '--log-retention', '30'],
      { HARVEST_ACCOUNT_ID: '7' }
    )
    expect([...options.given].sort()).toEqual([
      'AlarmEmail',
      'ExportBucket',
      'HarvestAccountId',
      'LogRetentionInDays'
    ])
  })

  it('takes the command line and defaults as they are for a stack not deployed yet', () => {
    const { parameters, given } = wanted([])
    expect(mergeParameters(parameters, given, undefined)).toEqual(parameters)
  })

  it('reads DescribeStacks parameters into a record', () => {
    expect(
      parameterRecord([
        { ParameterKey: 'Layout', ParameterValue: 'hive' },
        { ParameterKey: 'LatestKey' }
      ])
    ).toEqual({ Layout: 'hive', LatestKey: '' })
  })
})

describe('deploy lambda --dry-run: each setting against the live stack', () => {
  it('says unchanged, or old -> new, under the flag that sets it', () => {
    const { parameters, given } = wanted(['--days-back', '7', '--schedule', 'rate(6 hours)'])
    const lines = settingChanges(mergeParameters(parameters, given, LIVE), LIVE)
    expect(lines).toEqual(
      expect.arrayContaining([
        'layout: hive (unchanged)',
        'format: ndjson (unchanged)',
        'timezone: Europe/Berlin (unchanged)',
        'days-back: 30 -> 7',
        'schedule: cron(0 2 * * ? *) -> rate(6 hours)',
        'code-key: zip/old.zip -> zip/new.zip',
        "latest-key: '' (unchanged)",
        'account-id: 42 (unchanged)'
      ])
    )
    expect(lines).toHaveLength(Object.keys(parameters).length)
  })

  it('marks every setting (new stack) when there is no live stack', () => {
    const { parameters } = wanted(['--layout', 'hive'])
    const lines = settingChanges(parameters, undefined)
    expect(lines).toContain('layout: hive (new stack)')
    expect(lines).toContain('prefix: harvest/ (new stack)')
    expect(lines.every((line) => line.endsWith('(new stack)'))).toBe(true)
  })

  it("lists the settings in lambda.yml's order, as a person reads the template", () => {
    const path = resolve('deploy/lambda.yml')
    const order = templateParameterNames(readFileSync(path, 'utf8'))
    expect(order).toEqual(Object.keys(loadTemplate(path).Parameters ?? {}))
    const { parameters } = wanted([])
    const labels = settingChanges(parameters, undefined, order).map((line) => line.split(':')[0])
    const expected = settingChanges(
      Object.fromEntries(order.filter((name) => name in parameters).map((name) => [name, ''])),
      undefined
    ).map((line) => line.split(':')[0])
    expect(labels).toEqual(expected)
    expect(labels.slice(0, 4)).toEqual(['function-name', 'code-bucket', 'code-key', 'account-id'])
    expect(labels.at(-1)).toBe('alarm-email')
  })
})
