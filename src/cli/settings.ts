import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import type { AwsSettings } from '../config/config.js'
import type { InputName, RawSettings } from '../config/inputs.js'
import { ConfigError } from '../errors.js'
import { environmentSettings } from '../config/environment.js'

/** CLI flags and the input each one sets. */
const FLAGS: Record<string, InputName> = {
  'account-id': 'harvest-account-id',
  'harvest-url': 'harvest-url',
  'user-agent': 'user-agent',
  bucket: 's3-bucket',
  prefix: 's3-prefix',
  endpoint: 's3-endpoint',
  'out-dir': 'out-dir',
  region: 'aws-region',
  'days-back': 'days-back',
  from: 'from',
  to: 'to',
  timezone: 'timezone',
  format: 'format',
  layout: 'layout',
  'latest-key': 'latest-key',
  changes: 'changes',
  'dry-run': 'dry-run',
  'allow-empty': 'allow-empty'
}

const BOOLEAN_FLAGS = new Set(['changes', 'dry-run', 'allow-empty'])

export interface CliRequest {
  raw: RawSettings
  json: boolean
  help: boolean
  version: boolean
  credentials?: AwsSettings['credentials']
}

/**
 * Reads settings for the CLI. Later sources win: environment variables, then the
 * `--config` file (the original script's config.json), then flags.
 */
export function readCliSettings(argv: string[], env: NodeJS.ProcessEnv): CliRequest {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        ...Object.fromEntries(
          Object.keys(FLAGS).map((flag) => [
            flag,
            { type: BOOLEAN_FLAGS.has(flag) ? ('boolean' as const) : ('string' as const) }
          ])
        ),
        config: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' }
      }
    })
  } catch (error) {
    throw new ConfigError([
      `${(error as Error).message}. Run harvest-s3-export --help for the options.`
    ])
  }
  const values = parsed.values as Record<string, string | boolean | undefined>
  const raw: RawSettings = { ...environmentSettings(env) }
  const request: CliRequest = {
    raw,
    json: values.json === true,
    help: values.help === true,
    version: values.version === true
  }
  if (typeof values.config === 'string') {
    const file = readConfigFile(values.config)
    Object.assign(raw, file.raw)
    request.credentials = file.credentials
  }
  for (const [flag, name] of Object.entries(FLAGS)) {
    const value = values[flag]
    if (value !== undefined) raw[name] = { value: String(value), label: `--${flag}` }
  }
  return request
}

interface ScriptConfig {
  account_id?: unknown
  access_token?: unknown
  harvest_url?: unknown
  days_back?: unknown
  aws?: {
    access_key_id?: unknown
    secret_access_key?: unknown
    region?: unknown
    bucket_name?: unknown
  }
}

/** The original Python script's config.json, unchanged. */
function readConfigFile(path: string): {
  raw: RawSettings
  credentials?: AwsSettings['credentials']
} {
  let config: ScriptConfig
  try {
    config = JSON.parse(readFileSync(path, 'utf8')) as ScriptConfig
  } catch (error) {
    throw new ConfigError([
      `Could not read --config ${path}: ${(error as Error).message}. Expected the original script's config.json.`
    ])
  }
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new ConfigError([
      `--config ${path} must hold a JSON object (account_id, access_token, harvest_url, days_back, aws).`
    ])
  }
  const raw: RawSettings = {}
  const set = (name: InputName, field: string, value: unknown): void => {
    if (value === undefined || value === null || value === '') return
    if (typeof value !== 'string' && typeof value !== 'number') {
      throw new ConfigError([`Invalid ${field} in ${path}: expected a string or number.`])
    }
    raw[name] = { value: String(value), label: `${field} in ${path}` }
  }
  set('harvest-account-id', 'account_id', config.account_id)
  set('harvest-access-token', 'access_token', config.access_token)
  set('harvest-url', 'harvest_url', config.harvest_url)
  set('days-back', 'days_back', config.days_back)
  set('aws-region', 'aws.region', config.aws?.region)
  set('s3-bucket', 'aws.bucket_name', config.aws?.bucket_name)
  const { access_key_id: accessKeyId, secret_access_key: secretAccessKey } = config.aws ?? {}
  const credentials =
    typeof accessKeyId === 'string' &&
    accessKeyId &&
    typeof secretAccessKey === 'string' &&
    secretAccessKey
      ? { accessKeyId, secretAccessKey }
      : undefined
  return { raw, credentials }
}

export const HELP = `Usage: harvest-s3-export [options]

Exports Harvest time entries for a rolling window of days into one file per day in S3
(or an S3-compatible store, or a local directory), keeping the files exactly in sync.

Harvest
  --account-id ID        Harvest account id (env HARVEST_ACCOUNT_ID)
                         The token is read from HARVEST_ACCESS_TOKEN or --config, never a flag.
  --harvest-url URL      default https://api.harvestapp.com/v2/time_entries (env HARVEST_URL)
  --user-agent TEXT      User-Agent sent to Harvest

Where to write (exactly one of --bucket and --out-dir)
  --bucket NAME          S3 bucket (env S3_BUCKET_NAME)
  --prefix PREFIX        key prefix, e.g. harvest/ (env S3_PREFIX)
  --endpoint URL         S3-compatible endpoint, path-style (env S3_ENDPOINT)
  --region REGION        default AWS_REGION, AWS_DEFAULT_REGION, else us-east-1
  --out-dir DIR          write to a local directory instead of S3

Window
  --days-back N          days before today, 0..3660, default 90 (env DAYS_BACK)
  --from YYYY-MM-DD      window start (backfill)
  --to YYYY-MM-DD        window end, from <= to
  --timezone ZONE        IANA zone for "today", default UTC (env TIMEZONE)

Output
  --format json|ndjson   default json (env FORMAT)
  --layout flat|hive|snapshot
                         default flat: one file per spent date (env LAYOUT)
  --latest-key KEY       also keep one file with the whole window (env LATEST_KEY)
  --changes              also write the change log under changes/ (env CHANGES=true)

Safety
  --dry-run              fetch and compare, report, write nothing
  --allow-empty          allow emptying every stored day when Harvest returns no entries
                         (env ALLOW_EMPTY=true)

Other
  --config FILE          the original script's config.json (account_id, access_token,
                         harvest_url, days_back, aws.access_key_id, aws.secret_access_key,
                         aws.region, aws.bucket_name)
  --json                 print the summary as JSON on stdout (logs go to stderr)
  --version              print the version
  -h, --help             this help

Flags override --config, which overrides environment variables. AWS credentials come
from config.json or the AWS SDK's default chain (environment, profile, SSO, instance role).
Exit status: 0 success, 1 export failed, 2 bad usage or settings.
`
