import { LAYOUTS } from '../export/layout.js'
import { FORMATS } from '../export/serialize.js'
import { LATE_EDITS_MODES, ON_CLOSED_CHANGE_MODES, TABLE_MODES } from '../export/types.js'
import { DEFAULT_HARVEST_URL } from '../harvest/client.js'
import { RESOURCE_NAMES } from '../resources/names.js'
import { kebabCase, type Kebab } from '../wording.js'
import { MAX_WINDOW_DAYS, RULES, type Rule } from './rules.js'

/** One row per setting; tests hold action.yml, lambda.yml and the README to the rows. */
export interface Setting {
  /** The canonical name in kebab case; raw settings are keyed by it. */
  readonly input: string
  /** The CLI's flag; a setting without one comes from the CLI's environment only. */
  readonly flag?: string
  /** The environment variable the Lambda function reads (and the CLI, under its flags). */
  readonly env?: string
  /** The Lambda event's field overriding the environment, and what it takes. */
  readonly event?: {
    readonly field: string
    readonly type: 'number' | 'string' | 'boolean'
    readonly accepted: string
  }
  /** How the Lambda function names a setting it reads neither from its environment nor its event. */
  readonly lambda?: string
  /** The deploy/lambda.yml parameter `deploy lambda` fills from the CLI's flag. */
  readonly parameter?: string
  readonly type: 'text' | 'choice' | 'integer' | 'boolean'
  /** Read by its type into the engine's settings (`ExportSettings`) under its canonical name. */
  readonly option?: true
  readonly default?: string
  /** A choice's values; for a list, the names it may hold. */
  readonly values?: readonly string[]
  readonly min?: number
  readonly max?: number
  readonly rule?: Rule
  /** Never echoed back, even in error messages. */
  readonly secret?: boolean
  readonly help: string
  /** The CLI help's section, and what the flag's value is called there. */
  readonly section?: Section
  readonly arg?: string
}

export const SECTIONS = [
  'Harvest',
  'Where to write',
  'Window',
  'Output',
  'What to export',
  'Safety'
] as const
export type Section = (typeof SECTIONS)[number]

/** Keyed by canonical name, in the README's Inputs order. */
// prettier-ignore
const ROWS = {
  command: { type: 'choice', values: ['export', 'verify', 'publish-lambda'], default: 'export',
    event: { field: 'command', type: 'string', accepted: '"export" or "verify"' },
    help: 'what the action does' },
  harvestAccountId: { flag: '--account-id', env: 'HARVEST_ACCOUNT_ID',
    parameter: 'HarvestAccountId', rule: RULES.accountId, help: 'Harvest account id',
    section: 'Harvest', arg: 'ID' },
  harvestAccessToken: { env: 'HARVEST_ACCESS_TOKEN', lambda: 'HARVEST_ACCESS_TOKEN_PARAMETER',
    rule: RULES.harvestToken, secret: true,
    help: 'the Harvest Personal Access Token, from the environment or --config (never a flag)',
    section: 'Harvest' },
  harvestUrl: { flag: '--harvest-url', env: 'HARVEST_URL', default: DEFAULT_HARVEST_URL,
    rule: RULES.harvestUrl, help: 'Harvest time entries endpoint', section: 'Harvest', arg: 'URL' },
  userAgent: { flag: '--user-agent', rule: RULES.userAgent, help: 'User-Agent sent to Harvest',
    section: 'Harvest', arg: 'TEXT' },
  s3Bucket: { flag: '--bucket', env: 'S3_BUCKET_NAME', parameter: 'ExportBucket',
    rule: RULES.bucket, help: 'S3 bucket', section: 'Where to write', arg: 'NAME' },
  s3Prefix: { flag: '--prefix', env: 'S3_PREFIX', parameter: 'ExportPrefix', rule: RULES.prefix,
    help: 'key prefix ending in /, e.g. harvest/', section: 'Where to write', arg: 'PREFIX' },
  s3Endpoint: { flag: '--endpoint', env: 'S3_ENDPOINT', rule: RULES.endpoint,
    help: 'S3-compatible endpoint, path-style', section: 'Where to write', arg: 'URL' },
  insecureEndpoint: { flag: '--insecure-endpoint', env: 'INSECURE_ENDPOINT', type: 'boolean',
    help: 'allow an http:// endpoint off this machine (credentials and data travel unencrypted)',
    section: 'Where to write' },
  outDir: { flag: '--out-dir', help: 'write to a local directory instead of S3',
    section: 'Where to write', arg: 'DIR' },
  awsRegion: { flag: '--region', lambda: 'AWS_REGION', rule: RULES.region,
    help: 'AWS region; default AWS_REGION, AWS_DEFAULT_REGION, else us-east-1',
    section: 'Where to write', arg: 'REGION' },
  roleToAssume: { rule: RULES.roleArn, help: 'IAM role to assume with the workflow OIDC token' },
  roleSessionName: { default: 'harvest-s3-export', rule: RULES.roleSessionName,
    help: 'session name of the assumed role' },
  roleDurationSeconds: { type: 'integer', min: 900, max: 43200, default: '3600',
    help: 'lifetime of the assumed role in seconds' },
  audience: { default: 'sts.amazonaws.com', help: 'audience of the OIDC token' },
  daysBack: { flag: '--days-back', env: 'DAYS_BACK',
    event: { field: 'days_back', type: 'number', accepted: 'a number of days such as 7' },
    parameter: 'DaysBack', type: 'integer', min: 0, max: MAX_WINDOW_DAYS - 1, default: '90',
    help: 'days before today', section: 'Window', arg: 'N' },
  from: { flag: '--from',
    event: { field: 'from', type: 'string', accepted: 'a date written YYYY-MM-DD' },
    rule: RULES.date, help: 'window start (backfill)', section: 'Window', arg: 'YYYY-MM-DD' },
  to: { flag: '--to',
    event: { field: 'to', type: 'string', accepted: 'a date written YYYY-MM-DD' },
    rule: RULES.date, help: 'window end, from <= to', section: 'Window', arg: 'YYYY-MM-DD' },
  timezone: { flag: '--timezone', env: 'TIMEZONE', parameter: 'TimeZone', default: 'UTC',
    rule: RULES.timeZone, help: 'IANA zone for "today"', section: 'Window', arg: 'ZONE' },
  format: { flag: '--format', env: 'FORMAT', parameter: 'Format', type: 'choice', values: FORMATS,
    default: 'json', option: true, help: 'file format', section: 'Output' },
  layout: { flag: '--layout', env: 'LAYOUT', parameter: 'Layout', type: 'choice', values: LAYOUTS,
    default: 'flat', option: true,
    help: 'one file per spent date (flat, or hive folders) or per run (snapshot)',
    section: 'Output' },
  latestKey: { flag: '--latest-key', env: 'LATEST_KEY', parameter: 'LatestKey', option: true,
    rule: RULES.latestKey, help: 'also keep one file with the whole window at this key',
    section: 'Output', arg: 'KEY' },
  changes: { flag: '--changes', env: 'CHANGES', parameter: 'Changes', type: 'boolean',
    option: true, help: 'also write the change log under changes/', section: 'Output' },
  dryRun: { flag: '--dry-run', option: true,
    event: { field: 'dry_run', type: 'boolean', accepted: 'true or false' }, type: 'boolean',
    help: 'fetch and compare, report, write nothing', section: 'Safety' },
  allowEmpty: { flag: '--allow-empty', env: 'ALLOW_EMPTY', type: 'boolean', option: true,
    help: 'allow emptying every stored day when Harvest returns no entries', section: 'Safety' },
  onClosedChange: { flag: '--on-closed-change', env: 'ON_CLOSED_CHANGE', option: true,
    parameter: 'OnClosedChange', type: 'choice', values: ON_CLOSED_CHANGE_MODES, default: 'warn',
    help: 'when locked, approved or invoiced entries changed: warn (report) or fail (report, write, then fail)',
    section: 'Safety' },
  lateEdits: { flag: '--late-edits', env: 'LATE_EDITS', parameter: 'LateEdits', type: 'choice',
    values: LATE_EDITS_MODES, default: 'sync', option: true,
    help: 'sync: also bring archived days before the window in line with Harvest (flat and hive); ignore: leave them',
    section: 'What to export' },
  resources: { flag: '--resources', env: 'RESOURCES', parameter: 'Resources',
    values: RESOURCE_NAMES, default: 'time_entries',
    help: 'Harvest resources, comma- or space-separated, or all', section: 'What to export',
    arg: 'LIST' },
  tables: { flag: '--tables', env: 'TABLES', parameter: 'Tables', type: 'choice',
    values: TABLE_MODES, default: 'none', option: true,
    help: 'none, or parquet: also keep Parquet tables for Athena and DuckDB under tables/ (flat and hive)',
    section: 'Output' },
  githubToken: { rule: RULES.githubToken, secret: true, help: 'token that may write releases' },
  releaseTag: { help: 'release whose Lambda zip is published' },
  lambdaFunctionName: { help: 'Lambda function to update with the zip' },
  lambdaS3Key: { rule: RULES.objectKey, help: 'key to upload the zip to, in s3-bucket' },
} as const satisfies Record<string, Omit<Setting, 'input' | 'type'> & Partial<Pick<Setting, 'type'>>>

export type SettingName = keyof typeof ROWS

export type InputName = Kebab<SettingName>

export const SETTINGS = Object.fromEntries(
  Object.entries(ROWS).map(([name, row]) => [
    name,
    { type: 'text', ...row, input: kebabCase(name) }
  ])
) as {
  readonly [Name in SettingName]: (typeof ROWS)[Name] & {
    readonly input: Kebab<Name>
    readonly type: Setting['type']
  }
}

export const SETTING_NAMES = Object.keys(ROWS) as SettingName[]
export const SETTING_ROWS: readonly Setting[] = SETTING_NAMES.map((name) => SETTINGS[name])

type Row<Name extends SettingName> = (typeof ROWS)[Name]

/** The value `SettingsReader.value` reads a setting as, by its type. */
type ValueOf<R> = R extends { type: 'boolean' }
  ? boolean
  : R extends { type: 'integer' }
    ? number
    : R extends { type: 'choice'; values: readonly (infer Value)[] }
      ? Value
      : R extends { default: string }
        ? string
        : string | undefined

export type OptionName = {
  [Name in SettingName]: Row<Name> extends { option: true } ? Name : never
}[SettingName]

/** The engine settings read from rows marked `option`, each by its type. */
export type OptionValues = { readonly [Name in OptionName]: ValueOf<Row<Name>> }

export const OPTION_NAMES = SETTING_NAMES.filter(
  (name): name is OptionName => (SETTINGS[name] as Setting).option === true
)
