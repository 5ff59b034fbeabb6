import { readFileSync } from 'node:fs'
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util'
import type { AwsCredentials } from '../config/config.js'
import { environmentSettings, type InputName, type RawSettings } from '../config/inputs.js'
import { cliOptionsHelp } from '../config/help.js'
import { SETTING_ROWS, SETTINGS, type SettingName } from '../config/registry.js'
import { ConfigError } from '../errors.js'
import { jsonErrorLocation } from '../util/json-error.js'
import { isJsonObject } from '../util/json-object.js'

/** Each setting's flag (without `--`), a switch for a boolean, and the CLI's own options. */
const OPTIONS: ParseArgsOptionsConfig = {
  ...Object.fromEntries(
    SETTING_ROWS.flatMap(({ flag, type }) =>
      flag ? [[flag.slice(2), { type: type === 'boolean' ? 'boolean' : 'string' }]] : []
    )
  ),
  config: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' }
}

export type CliRequest = ReturnType<typeof readCliSettings>

/** Later sources win: environment variables, then the `--config` file, then flags. */
export function readCliSettings(argv: string[], env: NodeJS.ProcessEnv) {
  let values
  try {
    values = parseArgs({ args: argv, options: OPTIONS }).values
  } catch (error) {
    throw new ConfigError([
      `${withoutFinalStop((error as Error).message)}: run harvest-s3-export --help for the options.`
    ])
  }
  const file = typeof values.config === 'string' ? readConfigFile(values.config) : undefined
  const raw: RawSettings = { ...environmentSettings(env), ...file?.raw }
  for (const { flag, input } of SETTING_ROWS) {
    const value = flag && values[flag.slice(2)]
    if (flag && value !== undefined) raw[input as InputName] = { value: String(value), label: flag }
  }
  // The destination is one choice: `--out-dir` wins over a bucket from config.json or
  // S3_BUCKET_NAME as any flag wins, so the script's config can be tried on a local folder.
  if (
    values[SETTINGS.outDir.flag.slice(2)] !== undefined &&
    raw[SETTINGS.s3Bucket.input]?.label !== SETTINGS.s3Bucket.flag
  )
    delete raw[SETTINGS.s3Bucket.input]
  return {
    raw,
    json: values.json === true,
    help: values.help === true,
    version: values.version === true,
    credentials: file?.credentials
  }
}

/** The original Python script's config.json fields, unchanged, and the setting each sets. */
const SCRIPT_FIELDS: ReadonlyArray<[field: string, name: SettingName]> = [
  ['account_id', 'harvestAccountId'],
  ['access_token', 'harvestAccessToken'],
  ['harvest_url', 'harvestUrl'],
  ['days_back', 'daysBack'],
  ['aws.region', 'awsRegion'],
  ['aws.bucket_name', 's3Bucket']
]

function readConfigFile(path: string): { raw: RawSettings; credentials?: AwsCredentials } {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new ConfigError([
      `Could not read --config ${path} (${withoutFinalStop((error as Error).message)}): expected the original script's config.json.`
    ])
  }
  let config: unknown
  try {
    config = JSON.parse(text)
  } catch {
    // Located, never quoted: the parser's message shows the file's text, secrets included.
    throw new ConfigError([
      `--config ${path} is not valid JSON (${jsonErrorLocation(text)}): expected the original script's config.json.`
    ])
  }
  if (!isJsonObject(config)) {
    throw new ConfigError([
      `--config ${path} must hold a JSON object (account_id, access_token, harvest_url, days_back, aws).`
    ])
  }
  const at = (field: string): unknown =>
    field
      .split('.')
      .reduce<unknown>((json, key) => (json as Record<string, unknown>)?.[key], config)
  const raw: RawSettings = {}
  for (const [field, name] of SCRIPT_FIELDS) {
    const value = at(field)
    if (value === undefined || value === null || value === '') continue
    if (typeof value !== 'string' && typeof value !== 'number') {
      throw new ConfigError([`Invalid ${field} in ${path}: expected a string or number.`])
    }
    raw[SETTINGS[name].input] = { value: String(value), label: `${field} in ${path}` }
  }
  const keys = {
    accessKeyId: at('aws.access_key_id'),
    secretAccessKey: at('aws.secret_access_key')
  }
  const given = Object.values(keys).every((key) => typeof key === 'string' && key !== '')
  return { raw, credentials: given ? (keys as AwsCredentials) : undefined }
}

/** Messages quoted from elsewhere (Node, the file system) may end in a full stop already. */
function withoutFinalStop(message: string): string {
  return message.trim().replace(/\.+$/, '')
}

export const HELP = `Usage: harvest-s3-export [options]
       harvest-s3-export verify [options]
       harvest-s3-export deploy lambda|github-role [options]  (see: deploy --help)

Exports Harvest time entries for a rolling window of days into one file per day in S3
(or an S3-compatible store, or a local directory), keeping the files exactly in sync.

${cliOptionsHelp()}

Other
  --config FILE          the original script's config.json (account_id, access_token,
                         harvest_url, days_back, aws.access_key_id, aws.secret_access_key,
                         aws.region, aws.bucket_name)
  --json                 print the summary as JSON on stdout (logs go to stderr); a failed
                         run prints {"error": ...} and what it did, and exits non-zero
  --version              print the version
  -h, --help             this help

Flags override --config, which overrides environment variables. AWS credentials come
from config.json or the AWS SDK's default chain (environment, profile, SSO, instance role).
Exit status: 0 success, 1 export failed, 2 bad usage or settings.

verify checks the archive the same options describe (the window options are not used) and
writes nothing: every day file, the state, Harvest's monthly counts, tables and resource
objects. It prints the problems and the commands that repair them (--json: "problems" and
"days_checked"). Exit status: 0 the archive is whole, 1 problems found or the check failed,
2 bad usage or settings.

Set it up in AWS from nothing in one command: harvest-s3-export deploy lambda --help,
or harvest-s3-export deploy github-role --help for GitHub Actions with an OIDC role.
`
