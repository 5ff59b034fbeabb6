import { parseArgs } from 'node:util'
import type { RawSettings } from '../config/inputs.js'
import { readExportConfig } from '../config/parse-export.js'
import { SettingsReader, type ProblemWords } from '../config/reader.js'
import { SETTING_NAMES, SETTINGS, type Setting } from '../config/registry.js'
import { RULES } from '../config/rules.js'
import { DEPLOY_NAMES, type SettingNames } from '../config/setting-names.js'
import { ConfigError } from '../errors.js'
import type { Layout } from '../export/layout.js'
import type { Format } from '../export/serialize.js'
import type { LateEditsMode, OnClosedChange } from '../export/types.js'

/** What `deploy lambda` was asked to do, every value validated and defaulted. */
export interface LambdaOptions {
  bucket: string
  prefix: string
  region?: string
  createBucket: boolean
  kmsKey: string
  codeBucket: string
  schedule: string
  stackName: string
  functionName: string
  tokenParameter: string
  alarmEmail: string
  accountId: string
  daysBack: number
  timezone: string
  format: Format
  layout: Layout
  latestKey: string
  changes: boolean
  lateEdits: LateEditsMode
  onClosedChange: OnClosedChange
  resources: string
  logRetention: number
  dryRun: boolean
  /** The Harvest endpoint the token check asks (the deployed function always uses Harvest's). */
  harvestUrl: string
  userAgent: string
  /**
   * lambda.yml's parameters set on this command line (or HARVEST_ACCOUNT_ID): on a rerun only
   * these replace the deployed values; every other one keeps what the live stack has.
   */
  given: ReadonlySet<string>
}

/** What `deploy github-role` was asked to do. */
export interface GithubRoleOptions {
  repo: string
  bucket: string
  prefix: string
  region?: string
  createBucket: boolean
  kmsKey: string
  branch: string
  environment: string
  anyRef: boolean
  stackName: string
  roleName: string
  workflow: string
  dryRun: boolean
}

const NO_WILDCARD = /^$|^[^*?\s]+$/
/** What a flag accepts: a pattern (or rule) and the words for it. */
type Own = [pattern: { test(value: string): boolean }, accepted: string]

/** Deploy's own flags (not the export's settings) and what each accepts. */
const OWN_FLAGS: Record<string, Own> = {
  region: [/^$|^[a-z]{2}(-[a-z]+)+-\d+$/, 'an AWS region such as eu-central-1'],
  'kms-key': [
    /^(arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key\/[A-Za-z0-9-]+)?$/,
    "a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID): the bucket's SSE-KMS key"
  ],
  'stack-name': [
    /^[A-Za-z][A-Za-z0-9-]{0,127}$/,
    'a CloudFormation stack name: a letter, then letters, digits, hyphens'
  ],
  schedule: [
    /^(cron\(([^()\s]+ ){5}[^()\s]+\)|rate\(\d+ (minute|minutes|hour|hours|day|days)\))$/,
    "an EventBridge schedule such as 'cron(0 2 * * ? *)' or 'rate(6 hours)'"
  ],
  'function-name': [/^[A-Za-z0-9_-]{1,64}$/, 'a Lambda function name: letters, digits, - and _'],
  'token-parameter': [
    /^[A-Za-z0-9_.\-/]{1,1011}$/,
    'an SSM parameter name such as /harvest-s3-export/access-token'
  ],
  'alarm-email': [/^$|^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'an e-mail address'],
  repo: [
    /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/,
    'OWNER/NAME of the repository whose workflows may assume the role'
  ],
  branch: [NO_WILDCARD, 'a branch name without wildcards'],
  environment: [NO_WILDCARD, 'a GitHub environment name without wildcards'],
  'role-name': [/^[\w+=,.@-]{1,64}$/, 'an IAM role name (letters, digits, +=,.@_-), at most 64']
}
/** How deploy's messages name settings, the token check's included (it reads these too). */
export const DEPLOY_LAMBDA_NAMES: SettingNames = {
  ...DEPLOY_NAMES,
  [SETTINGS.harvestUrl.input]: SETTINGS.harvestUrl.flag,
  [SETTINGS.harvestAccessToken.input]: SETTINGS.harvestAccessToken.env
}

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

/** Deploy's wording: `--layout "tree" is not valid: use flat or hive or snapshot.` */
const DEPLOY_WORDS: ProblemWords = {
  invalid: (label, shown, accepted) => `${label}${shown} is not valid: ${accepted}.`,
  missing: (label, what) => `${label} is required: ${what}.`,
  range: (min, max) => `an integer ${min}..${max}`,
  choice: (values) => `use ${values.join(' or ')}`
}

/** The export's settings `deploy lambda` puts in the template (those with a parameter). */
const EXPORT_FLAGS = SETTING_NAMES.flatMap((name) => {
  const setting: Setting = SETTINGS[name]
  return setting.parameter !== undefined && setting.flag !== undefined
    ? [{ name, setting, flag: setting.flag.slice(2) }]
    : []
})

type Values = Record<string, string | boolean | undefined>

/** parseArgs with its errors turned into ones naming the flag and the subcommand's help. */
function parse(command: string, argv: string[], booleans: string[], strings: string[]): Values {
  const options: Record<string, { type: 'boolean' | 'string' }> = {}
  for (const flag of booleans) options[flag] = { type: 'boolean' }
  for (const flag of strings) options[flag] = { type: 'string' }
  try {
    const { values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      // --no-changes: on a rerun, where leaving a switch out keeps its deployed value.
      allowNegative: true,
      options
    })
    return values
  } catch (error) {
    const message = (error as Error).message
      .split('\n')[0]
      .replace(/\. To specify.*$/, '')
      .replace(/\.$/, '')
    throw new ConfigError([`deploy ${command}: ${message}. See harvest-s3-export deploy --help.`])
  }
}

/**
 * Reads the flags: the export's settings through the export's own reader and rules (so
 * deploy accepts exactly what the deployed function will), deploy's own flags here.
 */
class Checker {
  readonly reader: SettingsReader

  constructor(
    private readonly values: Values,
    raw: RawSettings
  ) {
    for (const { setting, flag } of EXPORT_FLAGS) {
      const value = values[flag]
      if (value !== undefined)
        raw[setting.input as keyof RawSettings] = { value: String(value), label: `--${flag}` }
    }
    this.reader = new SettingsReader(raw, DEPLOY_NAMES, DEPLOY_WORDS)
  }

  problem(message: string): void {
    this.reader.problem(message)
  }

  /** The flag's value (or `fallback`), checked by `own` (its entry in OWN_FLAGS by default). */
  text(flag: string, fallback: string, own: Own | undefined = OWN_FLAGS[flag]): string {
    const raw = this.values[flag]
    const value = typeof raw === 'string' ? raw.trim() : fallback
    if (own && !own[0].test(value))
      this.problem(`--${flag} ${JSON.stringify(value)} is not valid: ${own[1]}.`)
    return value
  }

  required(flag: string): string {
    const raw = this.values[flag]
    if (typeof raw === 'string' && raw.trim() !== '') return this.text(flag, '')
    this.problem(`--${flag} is required (${OWN_FLAGS[flag][1]}).`)
    return ''
  }

  flag(name: string): boolean {
    return this.values[name] === true
  }

  done(command: string): void {
    try {
      this.reader.finish()
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error
      throw new ConfigError(error.problems.map((problem) => `deploy ${command}: ${problem}`))
    }
  }
}

/** `deploy lambda` flags; the account id may also come from HARVEST_ACCOUNT_ID. */
export function lambdaOptions(argv: string[], env: NodeJS.ProcessEnv): LambdaOptions {
  const exportFlags = EXPORT_FLAGS.map(({ flag }) => flag)
  const booleans = EXPORT_FLAGS.filter(({ setting }) => setting.type === 'boolean')
  const values = parse(
    'lambda',
    argv,
    ['create-bucket', 'dry-run', ...booleans.map(({ flag }) => flag)],
    [
      ...['region', 'kms-key', 'stack-name', 'schedule', 'function-name', 'token-parameter'],
      ...['alarm-email', 'code-bucket', 'log-retention', 'harvest-url'],
      ...exportFlags.filter((flag) => !booleans.some((b) => b.flag === flag))
    ]
  )
  const { harvestAccountId: account, s3Prefix: prefix } = SETTINGS
  const raw: RawSettings = { [prefix.input]: { value: 'harvest/', label: prefix.flag } }
  const accountId = env[account.env]?.trim()
  if (accountId) raw[account.input] = { value: accountId, label: account.env }
  const harvestUrl = values['harvest-url']
  if (typeof harvestUrl === 'string')
    raw[SETTINGS.harvestUrl.input] = { value: harvestUrl, label: SETTINGS.harvestUrl.flag }
  const c = new Checker(values, raw)
  const config = readExportConfig(c.reader, { names: DEPLOY_NAMES, env: {}, accessToken: 'later' })
  const { harvest, export: settings } = config
  const stackName = c.text('stack-name', 'harvest-s3-export')
  const bucket = config.store.kind === 's3' ? config.store.bucket : ''
  const options: LambdaOptions = {
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
    daysBack: settings.window.daysBack,
    timezone: settings.window.timeZone,
    format: settings.format,
    layout: settings.layout,
    latestKey: settings.latestKey ?? '',
    changes: settings.changes,
    lateEdits: settings.lateEdits,
    onClosedChange: settings.onClosedChange,
    // As given (the template's parameter is a list): the function reads it the same way.
    resources: (c.reader.text('resources') ?? SETTINGS.resources.default)
      .split(/[\s,]+/)
      .filter(Boolean)
      .join(','),
    logRetention: retention(c),
    dryRun: c.flag('dry-run'),
    harvestUrl: harvest.url || SETTINGS.harvestUrl.default,
    userAgent: harvest.userAgent,
    given: givenParameters(values, accountId !== undefined && accountId !== '')
  }
  c.done('lambda')
  return options
}

/** The template parameters the command line sets (see `LambdaOptions.given`). */
function givenParameters(values: Values, accountFromEnv: boolean): ReadonlySet<string> {
  const given = new Set<string>()
  for (const { flag, setting } of EXPORT_FLAGS)
    if (values[flag] !== undefined && setting.parameter) given.add(setting.parameter)
  for (const [flag, parameter] of Object.entries(OWN_PARAMETERS))
    if (values[flag] !== undefined) given.add(parameter)
  if (accountFromEnv) given.add(SETTINGS.harvestAccountId.parameter)
  return given
}

function retention(c: Checker): number {
  const value = c.text('log-retention', '90')
  const days = /^\d+$/.test(value) ? Number(value) : NaN
  if (!RETENTIONS.includes(days))
    c.problem(
      `--log-retention ${JSON.stringify(value)} is not valid: one of ${RETENTIONS.join(', ')} days.`
    )
  return days
}

/** `deploy github-role` flags. */
export function githubRoleOptions(argv: string[], env: NodeJS.ProcessEnv): GithubRoleOptions {
  const values = parse(
    'github-role',
    argv,
    ['create-bucket', 'dry-run', 'any-ref'],
    ['bucket', 'prefix', 'region', 'kms-key', 'stack-name', 'repo', 'branch', 'environment'].concat(
      ['role-name', 'workflow']
    )
  )
  const c = new Checker(values, {
    [SETTINGS.s3Prefix.input]: { value: 'harvest/', label: SETTINGS.s3Prefix.flag }
  })
  const branch = c.text('branch', '')
  const environment = c.text('environment', '')
  if (branch && environment)
    c.problem(
      '--branch and --environment exclude each other: GitHub puts only the environment in the token of a job that uses one.'
    )
  const anyRef = c.flag('any-ref')
  if (anyRef && (branch || environment))
    c.problem('--any-ref trusts every ref, so it excludes --branch and --environment.')
  const repo = c.required('repo')
  const bucket = c.reader.optional('s3Bucket')
  if (bucket === undefined) c.reader.missing('s3Bucket', 'the S3 bucket to write to')
  const options: GithubRoleOptions = {
    repo,
    bucket: bucket ?? '',
    ...bucketPlacement(c, env, c.reader.optional('s3Prefix') ?? ''),
    branch,
    environment,
    anyRef,
    stackName: c.text('stack-name', 'harvest-s3-export-github'),
    roleName: c.text('role-name', 'harvest-s3-export-github'),
    workflow: c.text('workflow', '.github/workflows/harvest-export.yml'),
    dryRun: c.flag('dry-run')
  }
  c.done('github-role')
  return options
}

/** The flags both subcommands read about the export bucket, besides its name and prefix. */
function bucketPlacement(
  c: Checker,
  env: NodeJS.ProcessEnv,
  prefix: string
): Pick<LambdaOptions, 'prefix' | 'region' | 'createBucket' | 'kmsKey'> {
  return {
    prefix,
    region: regionOf(c, env),
    createBucket: c.flag('create-bucket'),
    kmsKey: c.text('kms-key', '')
  }
}

/** --region, else the SDK's environment variables; undefined leaves it to the AWS profile. */
function regionOf(c: Checker, env: NodeJS.ProcessEnv): string | undefined {
  const fallback = env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim() || ''
  return c.text('region', fallback) || undefined
}
