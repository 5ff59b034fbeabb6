import { dateOfKey, type Layout } from '../export/layout.js'
import type { Format } from '../export/serialize.js'
import { computeWindow } from '../export/window.js'
import { DEFAULT_HARVEST_URL } from '../harvest/client.js'
import { LATE_EDITS, type ExportConfig, type StoreSettings } from './config.js'
import type { RawSetting, RawSettings } from './inputs.js'
import { readAws } from './parse-aws.js'
import { SettingsReader } from './reader.js'
import {
  DEFAULT_RESOURCES,
  parseResourceList,
  RESOURCE_NAMES,
  type ResourceName
} from './resources.js'
import { MAX_DAYS_BACK, MAX_WINDOW_DAYS, RULES, windowProblem } from './rules.js'
import type { SettingNames } from './setting-names.js'

export interface ExportParseOptions {
  /** How the calling face spells each setting; becomes `config.names`. */
  names: SettingNames
  env?: NodeJS.ProcessEnv
  now?: Date
  /**
   * `later`: the token is not among the raw settings but read afterwards (from SSM, only once
   * everything else is known to be valid); `withAccessToken` checks it and adds it.
   */
  accessToken?: 'now' | 'later'
}

/**
 * Validates raw settings into an export's config, before any network call: the CLI's and the
 * Lambda's one parse. Every problem is reported at once, each naming the setting as its user
 * wrote it (or as the face spells it) and what is accepted.
 */
export function parseExportConfig(raw: RawSettings, options: ExportParseOptions): ExportConfig {
  const reader = new SettingsReader(raw, options.names)
  const config = readExportConfig(reader, options)
  reader.finish()
  return config
}

/** The config with the Harvest token read after parsing (`accessToken: 'later'`), checked alone. */
export function withAccessToken(config: ExportConfig, token: RawSetting): ExportConfig {
  const reader = new SettingsReader({ 'harvest-access-token': token }, config.names)
  const accessToken = readAccessToken(reader)
  reader.finish()
  return { ...config, harvest: { ...config.harvest, accessToken } }
}

/** The export command's settings, read into `reader` (which collects the problems). */
export function readExportConfig(
  reader: SettingsReader,
  { names, env = process.env, now = new Date(), accessToken = 'now' }: ExportParseOptions
): ExportConfig {
  const harvest = {
    accountId: reader.required(
      'harvest-account-id',
      RULES.accountId,
      'the Harvest account id (digits only, e.g. 123456)'
    ),
    accessToken: accessToken === 'now' ? readAccessToken(reader) : '',
    url: reader.optional('harvest-url', RULES.harvestUrl) ?? DEFAULT_HARVEST_URL,
    userAgent: reader.optional('user-agent', RULES.userAgent) ?? defaultUserAgent(env)
  }
  const store = readStore(reader, names)
  const aws = readAws(reader, env)
  const window = {
    daysBack: reader.integer('days-back', 0, MAX_DAYS_BACK, 90),
    from: reader.optional('from', RULES.date),
    to: reader.optional('to', RULES.date),
    timeZone: reader.optional('timezone', RULES.timeZone) ?? 'UTC'
  }
  const format = reader.choice<Format>('format', ['json', 'ndjson'], 'json')
  const layout = reader.choice<Layout>('layout', ['flat', 'hive', 'snapshot'], 'flat')
  const latestKey = reader.optional('latest-key', RULES.objectKey)
  if (latestKey !== undefined && dateOfKey({ prefix: '', layout, format }, latestKey))
    reader.fail('latest-key', 'a key that is not also a day file name, e.g. harvest-data.json')
  const options = {
    window,
    prefix: reader.optional('s3-prefix', RULES.prefix) ?? '',
    format,
    layout,
    latestKey,
    changes: reader.boolean('changes'),
    dryRun: reader.boolean('dry-run'),
    allowEmpty: reader.boolean('allow-empty'),
    lateEdits: reader.choice('late-edits', LATE_EDITS, 'sync'),
    resources: readResources(reader)
  }
  // Only a window built from valid parts is worth judging as a whole.
  if (reader.ok()) checkWindow(reader, names, window, now)
  return { command: 'export', names, harvest, store, aws, export: options }
}

function readAccessToken(reader: SettingsReader): string {
  return reader.required('harvest-access-token', RULES.harvestToken, RULES.harvestToken.accepted)
}

function readStore(reader: SettingsReader, names: SettingNames): StoreSettings {
  const bucket = reader.optional('s3-bucket', RULES.bucket)
  const endpoint = reader.optional('s3-endpoint', RULES.endpoint)
  // A face without out-dir (the Lambda function) writes to S3 only.
  if (names['out-dir'] === undefined) {
    if (bucket === undefined)
      reader.problem(`Missing ${reader.label('s3-bucket')}: the S3 bucket to write to is required.`)
    return { kind: 's3', bucket: bucket ?? '', endpoint }
  }
  const dir = reader.text('out-dir')
  if ((bucket === undefined) === (dir === undefined)) {
    reader.problem(
      `Exactly one of ${reader.label('s3-bucket')} and ${reader.label('out-dir')} must be set (an S3 bucket name, or a local directory).`
    )
  }
  return dir !== undefined ? { kind: 'dir', dir } : { kind: 's3', bucket: bucket ?? '', endpoint }
}

function checkWindow(
  reader: SettingsReader,
  names: SettingNames,
  window: { daysBack: number; from?: string; to?: string; timeZone: string },
  now: Date
): void {
  const computed = computeWindow(window, now)
  const span = `${computed.from}..${computed.to}`
  switch (windowProblem(computed)) {
    case 'ends-before-start':
      reader.problem(
        `The window ${span} starts after it ends: ${reader.label(window.from !== undefined ? 'from' : 'to')} ` +
          `must keep from <= to (${names.from} defaults to today minus ${names['days-back']}, ${names.to} to today).`
      )
      break
    case 'too-long':
      reader.problem(
        `The window ${span} has ${computed.days} days but at most ${MAX_WINDOW_DAYS} are accepted: split the backfill into shorter runs.`
      )
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
