import type { RawSettings } from '../config/inputs.js'
import { readExportConfig } from '../config/parse-export.js'
import type { SettingsReader } from '../config/reader.js'
import { SETTING_NAMES, SETTINGS, type Setting } from '../config/registry.js'
import { RULES } from '../config/rules.js'
import { ConfigError } from '../errors.js'
import { DEPLOY_NAMES } from '../config/setting-names.js'
import { bucketPlacement, Checker, EXPORT_FLAGS, parse } from './flags.js'

/** What `deploy lambda` was asked to do, every value validated and defaulted. */
export type LambdaOptions = ReturnType<typeof lambdaOptions>

/** Deploy's own flags that set a lambda.yml parameter. */
export const OWN_PARAMETERS: Record<string, string> = {
  'function-name': 'FunctionName',
  'code-bucket': 'CodeBucket',
  'token-parameter': 'HarvestTokenParameterName',
  'kms-key': 'ExportBucketKmsKeyArn',
  schedule: 'ScheduleExpression',
  'log-retention': 'LogRetentionInDays',
  'alarm-email': 'AlarmEmail'
}

/** CloudWatch Logs' accepted retentions, as lambda.yml's LogRetentionInDays allows. */
const RETENTIONS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653
]

/** `deploy lambda` flags; the account id may also come from HARVEST_ACCOUNT_ID. */
export function lambdaOptions(argv: string[], env: NodeJS.ProcessEnv) {
  const switches = EXPORT_FLAGS.filter(({ setting }) => setting.type === 'boolean')
  const values = parse(
    'lambda',
    argv,
    ['create-bucket', 'dry-run', ...switches.map(({ flag }) => flag)],
    [
      ...['region', 'kms-key', 'stack-name', 'schedule', 'function-name', 'token-parameter'],
      ...['alarm-email', 'code-bucket', 'log-retention', 'harvest-url'],
      ...EXPORT_FLAGS.filter((flag) => !switches.includes(flag)).map(({ flag }) => flag)
    ]
  )
  const { harvestAccountId: account } = SETTINGS
  const raw: RawSettings = {}
  const accountId = env[account.env]?.trim()
  if (accountId) raw[account.input] = { value: accountId, label: account.env }
  const harvestUrl = values['harvest-url']
  if (typeof harvestUrl === 'string')
    raw[SETTINGS.harvestUrl.input] = { value: harvestUrl, label: SETTINGS.harvestUrl.flag }
  const c = new Checker(values, raw)
  const config = readExportConfig(c.reader, DEPLOY_PARSE)
  const { harvest, export: settings } = config
  const stackName = c.text('stack-name', 'harvest-s3-export')
  const bucket = config.store.kind === 's3' ? config.store.bucket : ''
  const options = {
    bucket,
    ...bucketPlacement(c, env, settings.prefix),
    // The export's bucket rule: the code bucket is one too.
    codeBucket: c.text('code-bucket', bucket, [RULES.bucket, RULES.bucket.accepted]),
    schedule: c.text('schedule', 'cron(0 2 * * ? *)'),
    stackName,
    functionName: c.text('function-name', stackName.slice(0, 64)),
    tokenParameter: c.text('token-parameter', `/${stackName}/access-token`),
    alarmEmail: c.text('alarm-email', ''),
    accountId: harvest.accountId,
    parameters: settingParameters(c.reader),
    logRetention: retention(c),
    dryRun: c.flag('dry-run'),
    // The endpoint the token check asks (the deployed function always uses Harvest's).
    harvestUrl: harvest.url || SETTINGS.harvestUrl.default,
    userAgent: harvest.userAgent,
    given: givenParameters(values, accountId !== undefined && accountId !== '')
  }
  c.done('lambda')
  return options
}

/**
 * The export's settings as deploy reads them: the token is read later (from SSM when not
 * given), and a rerun without the account id keeps the deployed one (a first deploy needs it,
 * `deployLambda`).
 */
const DEPLOY_PARSE = {
  names: DEPLOY_NAMES,
  env: {},
  accessToken: 'later',
  accountId: 'later'
} as const

/**
 * A rerun's settings as the function will read them: the flags given over the live stack's
 * values, checked together (a rerun's --tables parquet against a deployed --layout snapshot
 * fails here, not at every scheduled run).
 */
export function checkMerged(parameters: Record<string, string>): void {
  const values = Object.fromEntries(
    EXPORT_FLAGS.map(({ flag, parameter }) => [flag, parameters[parameter]])
  )
  const checker = new Checker(values)
  readExportConfig(checker.reader, DEPLOY_PARSE)
  try {
    checker.done('lambda')
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    const kept = 'with the settings this rerun keeps from the live stack'
    throw new ConfigError(
      error.problems.map((problem) => `${problem.replace(/\.$/, '')} (${kept}).`)
    )
  }
}

/** On a rerun only the parameters given replace the deployed values; others keep the live ones. */
function givenParameters(values: Record<string, unknown>, accountFromEnv: boolean) {
  const flags = EXPORT_FLAGS.map(({ flag, parameter }) => [flag, parameter])
  const given = new Set<string>()
  for (const [flag, parameter] of [...flags, ...Object.entries(OWN_PARAMETERS)])
    if (values[flag] !== undefined) given.add(parameter)
  if (accountFromEnv) given.add(SETTINGS.harvestAccountId.parameter)
  return given as ReadonlySet<string>
}

function retention(c: Checker): number {
  const value = c.text('log-retention', '90')
  const days = /^\d+$/.test(value) ? Number(value) : NaN
  if (!RETENTIONS.includes(days))
    c.reader.problem(
      `--log-retention ${JSON.stringify(value)} is not valid: one of ${RETENTIONS.join(', ')} days.`
    )
  return days
}

/** A refused value was reported already (reported twice, it is listed once). */
function settingParameters(reader: SettingsReader): Record<string, string> {
  return Object.fromEntries(
    SETTING_NAMES.flatMap((name) => {
      const { parameter, type, values }: Setting = SETTINGS[name]
      if (parameter === undefined) return []
      const value = String(reader.value(name) ?? '')
      // A text with `values` is a list of them: the function splits it at commas and spaces.
      const list = type === 'text' && values !== undefined
      return [[parameter, list ? value.replace(/[\s,]+/g, ',').replace(/^,|,$/g, '') : value]]
    })
  )
}
