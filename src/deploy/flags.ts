import { parseArgs } from 'node:util'
import { RESOURCE_NAMES } from '../config/resources.js'
import { ConfigError } from '../errors.js'

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
  format: 'json' | 'ndjson'
  layout: 'flat' | 'hive' | 'snapshot'
  latestKey: string
  changes: boolean
  lateEdits: 'sync' | 'ignore'
  resources: string
  logRetention: number
  dryRun: boolean
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

const BUCKET_NAME = /^(?!xn--)(?!.*\.\.)(?!\d+\.\d+\.\d+\.\d+$)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/
const PREFIX = /^([A-Za-z0-9!_.()=-][A-Za-z0-9!_.()=/-]{0,511})?$/
const KMS_KEY = /^(arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key\/[A-Za-z0-9-]+)?$/
const SCHEDULE =
  /^(cron\(([^()\s]+ ){5}[^()\s]+\)|rate\(\d+ (minute|minutes|hour|hours|day|days)\))$/
const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/
const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/
const PARAMETER_NAME = /^[A-Za-z0-9_.\-/]{1,1011}$/
const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/
/** CloudWatch Logs' accepted retentions, as lambda.yml's LogRetentionInDays allows. */
const RETENTIONS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653
]

type Values = Record<string, string | boolean | undefined>

/** parseArgs with its errors turned into ones naming the flag and the subcommand's help. */
function parse(command: string, argv: string[], booleans: string[], strings: string[]): Values {
  const options: Record<string, { type: 'boolean' | 'string' }> = {}
  for (const flag of booleans) options[flag] = { type: 'boolean' }
  for (const flag of strings) options[flag] = { type: 'string' }
  try {
    const { values } = parseArgs({ args: argv, strict: true, allowPositionals: false, options })
    return values
  } catch (error) {
    const message = (error as Error).message
      .split('\n')[0]
      .replace(/\. To specify.*$/, '')
      .replace(/\.$/, '')
    throw new ConfigError([`deploy ${command}: ${message}. See harvest-s3-export deploy --help.`])
  }
}

class Checker {
  readonly problems: string[] = []
  constructor(private readonly values: Values) {}

  text(flag: string, fallback: string, pattern?: RegExp, accepted?: string): string {
    const raw = this.values[flag]
    const value = typeof raw === 'string' ? raw.trim() : fallback
    if (pattern && !pattern.test(value))
      this.problems.push(`--${flag} ${JSON.stringify(value)} is not valid: ${accepted}.`)
    return value
  }

  required(flag: string, pattern: RegExp, accepted: string, fallback?: string): string {
    const raw = this.values[flag]
    if ((typeof raw !== 'string' || raw.trim() === '') && !fallback) {
      this.problems.push(`--${flag} is required (${accepted}).`)
      return ''
    }
    return this.text(flag, fallback ?? '', pattern, accepted)
  }

  oneOf<T extends string>(flag: string, fallback: T, choices: readonly T[]): T {
    const value = this.text(flag, fallback)
    if (!choices.includes(value as T))
      this.problems.push(
        `--${flag} ${JSON.stringify(value)} is not valid: use ${choices.join(' or ')}.`
      )
    return value as T
  }

  integer(flag: string, fallback: number, ok: (n: number) => boolean, accepted: string): number {
    const value = this.text(flag, String(fallback))
    const number = /^\d+$/.test(value) ? Number(value) : NaN
    if (!ok(number))
      this.problems.push(`--${flag} ${JSON.stringify(value)} is not valid: ${accepted}.`)
    return number
  }

  flag(name: string): boolean {
    return this.values[name] === true
  }

  done(command: string): void {
    if (this.problems.length > 0)
      throw new ConfigError(this.problems.map((problem) => `deploy ${command}: ${problem}`))
  }
}

function validTimezone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

function resources(checker: Checker, value: string): string {
  const names = value.split(/[\s,]+/).filter(Boolean)
  if (
    names.length === 0 ||
    (!(names.length === 1 && names[0] === 'all') &&
      names.some((n) => !(RESOURCE_NAMES as readonly string[]).includes(n)))
  )
    checker.problems.push(
      `--resources ${JSON.stringify(value)} is not valid: use all or a comma separated list of ${RESOURCE_NAMES.join(', ')}.`
    )
  return names.join(',')
}

const COMMON_STRINGS = ['bucket', 'prefix', 'region', 'kms-key', 'stack-name']

/** `deploy lambda` flags; the account id may also come from HARVEST_ACCOUNT_ID. */
export function lambdaOptions(argv: string[], env: NodeJS.ProcessEnv): LambdaOptions {
  const values = parse(
    'lambda',
    argv,
    ['create-bucket', 'changes', 'dry-run'],
    [
      ...COMMON_STRINGS,
      'code-bucket',
      'schedule',
      'function-name',
      'token-parameter',
      'alarm-email',
      'account-id',
      'days-back',
      'timezone',
      'format',
      'layout',
      'latest-key',
      'late-edits',
      'resources',
      'log-retention'
    ]
  )
  const c = new Checker(values)
  const bucket = c.required(
    'bucket',
    BUCKET_NAME,
    'an S3 bucket name: 3-63 lowercase letters, digits, dots, hyphens'
  )
  const stackName = c.text(
    'stack-name',
    'harvest-s3-export',
    STACK_NAME,
    'a CloudFormation stack name: a letter, then letters, digits, hyphens'
  )
  const accountId = c.required(
    'account-id',
    /^\d{1,20}$/,
    'the Harvest account id, digits only; or set HARVEST_ACCOUNT_ID',
    env.HARVEST_ACCOUNT_ID?.trim() || undefined
  )
  const timezone = c.text('timezone', 'UTC')
  if (!validTimezone(timezone))
    c.problems.push(
      `--timezone ${JSON.stringify(timezone)} is not valid: use an IANA time zone such as Europe/Berlin.`
    )
  const options: LambdaOptions = {
    bucket,
    ...bucketPlacement(c, env),
    codeBucket: c.text('code-bucket', bucket, BUCKET_NAME, 'an S3 bucket name in the same region'),
    schedule: c.text(
      'schedule',
      'cron(0 2 * * ? *)',
      SCHEDULE,
      "an EventBridge schedule such as 'cron(0 2 * * ? *)' or 'rate(6 hours)'"
    ),
    stackName,
    functionName: c.text(
      'function-name',
      stackName.slice(0, 64),
      FUNCTION_NAME,
      'a Lambda function name: letters, digits, - and _'
    ),
    tokenParameter: c.text(
      'token-parameter',
      `/${stackName}/access-token`,
      PARAMETER_NAME,
      'an SSM parameter name such as /harvest-s3-export/access-token'
    ),
    alarmEmail: c.text('alarm-email', '', /^$|^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'an e-mail address'),
    accountId,
    daysBack: c.integer('days-back', 90, (n) => n >= 0 && n <= 3660, 'an integer 0..3660'),
    timezone,
    format: c.oneOf('format', 'json', ['json', 'ndjson'] as const),
    layout: c.oneOf('layout', 'flat', ['flat', 'hive', 'snapshot'] as const),
    latestKey: c.text('latest-key', ''),
    changes: c.flag('changes'),
    lateEdits: c.oneOf('late-edits', 'sync', ['sync', 'ignore'] as const),
    resources: resources(c, c.text('resources', 'time_entries')),
    logRetention: c.integer(
      'log-retention',
      90,
      (n) => RETENTIONS.includes(n),
      `one of ${RETENTIONS.join(', ')} days`
    ),
    dryRun: c.flag('dry-run')
  }
  c.done('lambda')
  return options
}

/** `deploy github-role` flags. */
export function githubRoleOptions(argv: string[], env: NodeJS.ProcessEnv): GithubRoleOptions {
  const values = parse(
    'github-role',
    argv,
    ['create-bucket', 'dry-run', 'any-ref'],
    [...COMMON_STRINGS, 'repo', 'branch', 'environment', 'role-name', 'workflow']
  )
  const c = new Checker(values)
  const branch = c.text('branch', '', /^$|^[^*?\s]+$/, 'a branch name without wildcards')
  const environment = c.text(
    'environment',
    '',
    /^$|^[^*?\s]+$/,
    'a GitHub environment name without wildcards'
  )
  if (branch && environment)
    c.problems.push(
      '--branch and --environment exclude each other: GitHub puts only the environment in the token of a job that uses one.'
    )
  const anyRef = c.flag('any-ref')
  if (anyRef && (branch || environment))
    c.problems.push('--any-ref trusts every ref, so it excludes --branch and --environment.')
  const options: GithubRoleOptions = {
    repo: c.required(
      'repo',
      REPOSITORY,
      'OWNER/NAME of the repository whose workflows may assume the role'
    ),
    bucket: c.required(
      'bucket',
      BUCKET_NAME,
      'an S3 bucket name: 3-63 lowercase letters, digits, dots, hyphens'
    ),
    ...bucketPlacement(c, env),
    branch,
    environment,
    anyRef,
    stackName: c.text(
      'stack-name',
      'harvest-s3-export-github',
      STACK_NAME,
      'a CloudFormation stack name: a letter, then letters, digits, hyphens'
    ),
    roleName: c.text(
      'role-name',
      'harvest-s3-export-github',
      ROLE_NAME,
      'an IAM role name (letters, digits, +=,.@_-), at most 64'
    ),
    workflow: c.text('workflow', '.github/workflows/harvest-export.yml'),
    dryRun: c.flag('dry-run')
  }
  c.done('github-role')
  return options
}

/** The flags both subcommands read about the export bucket, in the order their problems are listed. */
function bucketPlacement(
  c: Checker,
  env: NodeJS.ProcessEnv
): Pick<LambdaOptions, 'prefix' | 'region' | 'createBucket' | 'kmsKey'> {
  return {
    prefix: c.text('prefix', 'harvest/', PREFIX, 'a key prefix such as harvest/, no leading slash'),
    region: regionOf(c, env),
    createBucket: c.flag('create-bucket'),
    kmsKey: c.text(
      'kms-key',
      '',
      KMS_KEY,
      "a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID): the bucket's SSE-KMS key"
    )
  }
}

/** --region, else the SDK's environment variables; undefined leaves it to the AWS profile. */
function regionOf(c: Checker, env: NodeJS.ProcessEnv): string | undefined {
  const fallback = env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim() || ''
  const region = c.text(
    'region',
    fallback,
    /^$|^[a-z]{2}(-[a-z]+)+-\d+$/,
    'an AWS region such as eu-central-1'
  )
  return region || undefined
}
