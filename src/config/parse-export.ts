import { computeWindow, type WindowSettings } from '../export/window.js'
import { RESOURCE_NAMES, type ResourceName } from '../resources/names.js'
import type {
  AwsConfig,
  ExportConfig,
  ExportOptions,
  S3StoreSettings,
  StoreSettings,
  VerifyConfig
} from './config.js'
import type { RawSetting, RawSettings } from './inputs.js'
import { SettingsReader } from './reader.js'
import { OPTION_NAMES, SETTINGS, type OptionValues } from './registry.js'
import { isInsecureEndpoint, MAX_WINDOW_DAYS, RULES, windowProblem } from './rules.js'
import { howToSet, type SettingNames } from './setting-names.js'

export interface ExportParseOptions {
  /** How the calling face spells each setting; becomes `config.names`. */
  names: SettingNames
  env?: NodeJS.ProcessEnv
  now?: Date
  /** `later`: the token is read afterwards (from SSM, once all else is valid): `withAccessToken`. */
  accessToken?: 'now' | 'later'
  /** `later`: the account id may be missing (`deploy lambda` takes a rerun's from the live stack). */
  accountId?: 'now' | 'later'
}

function parser<C>(read: (reader: SettingsReader, options: ExportParseOptions) => C) {
  return (raw: RawSettings, options: ExportParseOptions): C => {
    const reader = new SettingsReader(raw, options.names)
    const config = read(reader, options)
    reader.finish()
    return config
  }
}

/** The CLI's and the Lambda's parse: every problem at once, before any network call. */
export const parseExportConfig = parser(readExportConfig)
export const parseVerifyConfig = parser(readVerifyConfig)

/** The config with the Harvest token read after parsing (`accessToken: 'later'`), checked alone. */
export function withAccessToken<T extends Omit<ExportConfig, 'command'>>(
  config: T,
  token: RawSetting
): T {
  const accessToken = parser(readAccessToken)({ 'harvest-access-token': token }, config)
  return { ...config, harvest: { ...config.harvest, accessToken } }
}

/** `dry-run` is refused, not ignored: a user who sets it expects what verify cannot mean. */
export function readVerifyConfig(
  reader: SettingsReader,
  options: ExportParseOptions
): VerifyConfig {
  const config = readExportConfig(reader, options)
  if (config.export.dryRun)
    reader.problem(
      `${reader.label('dryRun')} means nothing with verify, which never writes anything: leave it out.`
    )
  // A settings problem like any other (the CLI's exit 2), not a failed check; with `tables`
  // parquet the export's refusal of snapshot says it already.
  if (config.export.layout === 'snapshot' && config.export.tables !== 'parquet')
    reader.problem(
      `Verify checks an archive of one file per day: ${reader.label('layout')} snapshot has none, it works with flat or hive.`
    )
  return { ...config, command: 'verify' }
}

/** Completes "Missing <account id setting>: ... is required." */
export const ACCOUNT_ID_NEEDED = `the Harvest account id (${RULES.accountId.accepted})`

export function readExportConfig(
  reader: SettingsReader,
  {
    names,
    env = process.env,
    now = new Date(),
    accessToken = 'now',
    accountId = 'now'
  }: ExportParseOptions
): ExportConfig {
  const harvest = {
    accountId:
      accountId === 'later'
        ? (reader.optional('harvestAccountId') ?? '')
        : reader.required('harvestAccountId', ACCOUNT_ID_NEEDED),
    accessToken: accessToken === 'now' ? readAccessToken(reader) : '',
    url: reader.optional('harvestUrl') ?? '',
    userAgent: reader.optional('userAgent') ?? defaultUserAgent(env)
  }
  const store = readStore(reader, names)
  const aws = readAws(reader, env)
  const window = {
    daysBack: reader.integer('daysBack'),
    from: reader.optional('from'),
    to: reader.optional('to'),
    timeZone: reader.optional('timezone') ?? ''
  }
  const plain = Object.fromEntries(
    OPTION_NAMES.map((name) => [name, reader.value(name)])
  ) as OptionValues
  const options: ExportOptions = {
    ...plain,
    window,
    prefix: reader.optional('s3Prefix') ?? '',
    resources: readResources(reader)
  }
  if (options.tables === 'parquet' && options.layout === 'snapshot') {
    // Tables mirror day files month by month; a snapshot has none to mirror.
    reader.problem(
      `${reader.label('tables')} parquet needs day files: it works with ${reader.spelled('layout')} flat or hive, not snapshot.`
    )
  }
  // Only a window built from valid parts is worth judging as a whole.
  if (reader.ok()) checkWindow(reader, window, now)
  return { command: 'export', names, harvest, store, aws, export: options }
}

function readAccessToken(reader: SettingsReader): string {
  return reader.required('harvestAccessToken', RULES.harvestToken.accepted)
}

function readStore(reader: SettingsReader, names: SettingNames): StoreSettings {
  const bucket = reader.optional('s3Bucket')
  const endpoint = readEndpoint(reader, names)
  // A face without out-dir (the Lambda function, deploy) writes to S3 only.
  const s3Only = names[SETTINGS.outDir.input] === undefined
  const dir = s3Only ? undefined : reader.text('outDir')
  if (s3Only) {
    if (bucket === undefined) reader.missing('s3Bucket', 'the S3 bucket to write to')
  } else if ((bucket === undefined) === (dir === undefined)) {
    reader.problem(
      `Exactly one of ${reader.label('s3Bucket')} and ${reader.label('outDir')} must be set (an S3 bucket name, or a local directory).`
    )
  }
  return dir !== undefined
    ? { kind: 'dir', dir }
    : { kind: 's3', bucket: bucket ?? '', ...endpoint }
}

function checkWindow(reader: SettingsReader, window: WindowSettings, now: Date): void {
  const computed = computeWindow(window, now)
  const span = `${computed.from}..${computed.to}`
  switch (windowProblem(computed)) {
    case 'ends-before-start':
      reader.problem(
        `The window ${span} starts after it ends: ${reader.label(window.from !== undefined ? 'from' : 'to')} ` +
          `must keep from <= to (${reader.spelled('from')} defaults to today minus ${reader.spelled('daysBack')}, ${reader.spelled('to')} to today).`
      )
      break
    case 'too-long':
      // Named as given (an end left out comes from the rolling window), like any bad input.
      reader.problem(
        `The window ${span} has ${computed.days} days but at most ${MAX_WINDOW_DAYS} are accepted: ` +
          `${reader.label('from')} must be at most ${MAX_WINDOW_DAYS - 1} days before ${reader.label('to')} ` +
          `(${reader.spelled('from')} defaults to today minus ${reader.spelled('daysBack')}, ${reader.spelled('to')} to today); split the backfill into shorter runs.`
      )
  }
}

export const DEFAULT_RESOURCES: readonly ResourceName[] = ['time_entries']

export type ResourceList =
  { ok: true; resources: readonly ResourceName[] } | { ok: false; unknown: string[] }

/** Names separated by commas and/or spaces, or `all`: in the README's order, each once. */
export function parseResourceList(text: string): ResourceList {
  const names = text.split(/[\s,]+/).filter((name) => name !== '')
  const unknown = names.filter(
    (name) => name !== 'all' && !(RESOURCE_NAMES as readonly string[]).includes(name)
  )
  if (unknown.length > 0) return { ok: false, unknown: [...new Set(unknown)] }
  if (names.length === 0) return { ok: false, unknown: [] }
  const wanted = new Set(names)
  return {
    ok: true,
    resources: wanted.has('all')
      ? RESOURCE_NAMES
      : RESOURCE_NAMES.filter((name) => wanted.has(name))
  }
}

function readResources(reader: SettingsReader): readonly ResourceName[] {
  const value = reader.text('resources')
  if (value === undefined) return DEFAULT_RESOURCES
  const list = parseResourceList(value)
  if (list.ok) return list.resources
  const unknown =
    list.unknown.length > 0
      ? ` (${list.unknown.join(', ')} ${list.unknown.length === 1 ? 'is' : 'are'} not among them)`
      : ''
  reader.fail(
    'resources',
    `a comma- or space-separated list of ${RESOURCE_NAMES.join(', ')}, or all${unknown}`
  )
  return DEFAULT_RESOURCES
}

function defaultUserAgent(env: NodeJS.ProcessEnv): string {
  const repository =
    env.GITHUB_REPOSITORY &&
    `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${env.GITHUB_REPOSITORY}`
  return `harvest-s3-export (+${repository || 'https://www.npmjs.com/package/harvest-s3-export'})`
}

export function readAws(reader: SettingsReader, env: NodeJS.ProcessEnv): AwsConfig {
  const region = reader.text('awsRegion') ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1'
  if (!RULES.region.test(region)) reader.fail('awsRegion', RULES.region.accepted)
  return {
    region,
    roleToAssume: reader.optional('roleToAssume'),
    roleSessionName: reader.optional('roleSessionName') ?? '',
    roleDurationSeconds: reader.integer('roleDurationSeconds'),
    audience: reader.optional('audience') ?? ''
  }
}

/** Plain http off this machine needs `insecure-endpoint`, carried on so the run warns. */
export function readEndpoint(
  reader: SettingsReader,
  names: SettingNames
): Pick<S3StoreSettings, 'endpoint' | 'insecureEndpoint'> {
  const endpoint = reader.optional('s3Endpoint')
  const allowed = reader.boolean('insecureEndpoint')
  if (endpoint === undefined || !isInsecureEndpoint(endpoint)) return { endpoint }
  if (!allowed)
    reader.fail(
      's3Endpoint',
      `an https:// URL (plain http:// only for localhost, 127.0.0.1 or ::1); for a store on a private network, ` +
        `set ${howToSet(names, SETTINGS.insecureEndpoint.input, 'true')} to send credentials and data unencrypted`
    )
  return { endpoint, insecureEndpoint: true }
}

/** What a run allowed an insecure endpoint by `insecure-endpoint` prints before it starts. */
export function insecureEndpointWarning(endpoint: string, names: SettingNames): string {
  return (
    `${names[SETTINGS.s3Endpoint.input] ?? SETTINGS.s3Endpoint.input} ${endpoint} is plain http:// and not on this machine: ` +
    `the store's credentials and the data travel unencrypted (allowed by ${howToSet(names, SETTINGS.insecureEndpoint.input, 'true')}).`
  )
}
