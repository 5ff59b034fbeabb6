import { parseArgs } from 'node:util'
import type { RawSettings } from '../config/inputs.js'
import { SettingsReader, type ProblemWords } from '../config/reader.js'
import { SETTING_ROWS, SETTINGS } from '../config/registry.js'
import { DEPLOY_NAMES, type SettingNames } from '../config/setting-names.js'
import { ConfigError } from '../errors.js'

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

/** Deploy's wording: `--layout "tree" is not valid: use flat or hive or snapshot.` */
const DEPLOY_WORDS: ProblemWords = {
  invalid: (label, shown, accepted) => `${label}${shown} is not valid: ${accepted}.`,
  missing: (label, what) => `${label} is required: ${what}.`,
  range: (min, max) => `an integer ${min}..${max}`,
  choice: (values) => `use ${values.join(' or ')}`
}

/** The export's settings `deploy lambda` puts in the template (those with a parameter). */
export const EXPORT_FLAGS = SETTING_ROWS.flatMap((setting) =>
  setting.parameter && setting.flag
    ? [{ setting, flag: setting.flag.slice(2), parameter: setting.parameter }]
    : []
)

type Values = Record<string, string | boolean | undefined>

/** parseArgs with its errors turned into ones naming the flag and the subcommand's help. */
export function parse(
  command: string,
  argv: string[],
  booleans: string[],
  strings: string[]
): Values {
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

/** The export's settings through the export's reader: deploy accepts what the function will. */
export class Checker {
  readonly reader: SettingsReader

  constructor(
    private readonly values: Values,
    given: RawSettings = {}
  ) {
    const { input, flag: label } = SETTINGS.s3Prefix
    // Deploy's default prefix: the function's bucket is often shared.
    const raw: RawSettings = { [input]: { value: 'harvest/', label }, ...given }
    for (const { setting, flag } of EXPORT_FLAGS) {
      const value = values[flag]
      if (value !== undefined)
        raw[setting.input as keyof RawSettings] = { value: String(value), label: `--${flag}` }
    }
    this.reader = new SettingsReader(raw, DEPLOY_NAMES, DEPLOY_WORDS)
  }

  /** The flag's value (or `fallback`), checked by `own` (its entry in OWN_FLAGS by default). */
  text(flag: string, fallback: string, own: Own | undefined = OWN_FLAGS[flag]): string {
    const raw = this.values[flag]
    const value = typeof raw === 'string' ? raw.trim() : fallback
    if (own && !own[0].test(value))
      this.reader.problem(`--${flag} ${JSON.stringify(value)} is not valid: ${own[1]}.`)
    return value
  }

  required(flag: string): string {
    const raw = this.values[flag]
    if (typeof raw === 'string' && raw.trim() !== '') return this.text(flag, '')
    this.reader.problem(`--${flag} is required (${OWN_FLAGS[flag][1]}).`)
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

/** The flags both subcommands read about the export bucket, besides its name and prefix. */
export function bucketPlacement(c: Checker, env: NodeJS.ProcessEnv, prefix: string) {
  const region = env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim() || ''
  return {
    prefix,
    // undefined leaves it to the AWS profile.
    region: c.text('region', region) || undefined,
    createBucket: c.flag('create-bucket'),
    kmsKey: c.text('kms-key', '')
  }
}
