import { ConfigError } from '../errors.js'
import { isIsoDate, isTimeZone } from '../util/calendar.js'
import { dateOfKey, type Layout } from '../export/layout.js'
import type { Format } from '../export/serialize.js'
import { computeWindow } from '../export/window.js'
import { isLoopback } from '../util/loopback.js'
import { DEFAULT_HARVEST_URL } from '../harvest/client.js'
import type { AwsSettings, Config, StoreSettings } from './config.js'
import { SECRET_INPUTS, type InputName, type RawSettings } from './inputs.js'

const MAX_DAYS_BACK = 3660
/** The longest window a run may cover (a rolling 3,660 days back, both ends included). */
const MAX_WINDOW_DAYS = MAX_DAYS_BACK + 1

/**
 * Validates raw settings into a `Config`, before any network call. Every problem is
 * reported at once, each naming the setting as its user wrote it and what is accepted.
 */
export function parseConfig(
  raw: RawSettings,
  env: NodeJS.ProcessEnv = process.env,
  now = new Date()
): Config {
  const reader = new SettingsReader(raw)
  const command = reader.choice('command', ['export', 'publish-lambda'], 'export')
  const aws = readAws(reader, env)
  if (command === 'publish-lambda') {
    const config: Config = {
      command,
      aws,
      publish: {
        githubToken: reader.required(
          'github-token',
          /^\S+$/,
          'a token that may write releases (the default ${{ github.token }} with permissions: contents: write)'
        ),
        releaseTag: reader.text('release-tag'),
        lambdaFunctionName: reader.text('lambda-function-name'),
        lambdaS3Key: reader.key('lambda-s3-key'),
        bucket: reader.bucket('s3-bucket'),
        endpoint: reader.endpoint()
      }
    }
    if (config.publish.lambdaS3Key !== undefined && config.publish.bucket === undefined) {
      reader.problem(
        `${reader.label('lambda-s3-key')} is set but s3-bucket is not: set s3-bucket to the bucket to upload the Lambda zip to.`
      )
    }
    reader.finish()
    return config
  }

  const accountId = reader.required('harvest-account-id', /^\d{1,20}$/, 'digits only, e.g. 123456')
  const accessToken = reader.required(
    'harvest-access-token',
    /^\S+$/,
    'a Harvest Personal Access Token'
  )
  const url = reader.harvestUrl()
  const userAgent = reader.text('user-agent') ?? defaultUserAgent(env)
  const store = readStore(reader)
  const prefix = reader.prefix()
  const timeZone = reader.text('timezone') ?? 'UTC'
  if (!isTimeZone(timeZone))
    reader.fail('timezone', 'an IANA time zone name such as UTC, Europe/Berlin or America/New_York')
  const daysBack = reader.integer('days-back', 0, MAX_DAYS_BACK, 90)
  const from = reader.date('from')
  const to = reader.date('to')
  const format = reader.choice<Format>('format', ['json', 'ndjson'], 'json')
  const layout = reader.choice<Layout>('layout', ['flat', 'hive', 'snapshot'], 'flat')
  const latestKey = reader.key('latest-key')
  if (latestKey !== undefined && dateOfKey({ prefix: '', layout, format }, latestKey)) {
    reader.fail('latest-key', 'a key that is not also a day file name, e.g. harvest-data.json')
  }
  const window = { daysBack, from, to, timeZone }
  if (reader.ok()) {
    const computed = computeWindow(window, now)
    if (computed.from > computed.to) {
      reader.problem(
        `The window starts after it ends (${computed.from} > ${computed.to}): ${reader.label(from !== undefined ? 'from' : 'to')} ` +
          'must keep from <= to (from defaults to today minus days-back, to to today).'
      )
    } else if (computed.days > MAX_WINDOW_DAYS) {
      reader.problem(
        `The window ${computed.from}..${computed.to} has ${computed.days} days; at most ${MAX_WINDOW_DAYS} are accepted. Split the backfill.`
      )
    }
  }
  const config: Config = {
    command,
    harvest: { url, accountId, accessToken, userAgent },
    store,
    aws,
    export: {
      window,
      prefix,
      format,
      layout,
      latestKey,
      changes: reader.boolean('changes'),
      dryRun: reader.boolean('dry-run'),
      allowEmpty: reader.boolean('allow-empty')
    }
  }
  reader.finish()
  return config
}

function readStore(reader: SettingsReader): StoreSettings {
  const bucket = reader.bucket('s3-bucket')
  const dir = reader.text('out-dir')
  const endpoint = reader.endpoint()
  if ((bucket === undefined) === (dir === undefined)) {
    reader.problem(
      `Exactly one of ${reader.label('s3-bucket')} and ${reader.label('out-dir')} must be set (an S3 bucket name, or a local directory).`
    )
  }
  return dir !== undefined ? { kind: 'dir', dir } : { kind: 's3', bucket: bucket ?? '', endpoint }
}

function readAws(reader: SettingsReader, env: NodeJS.ProcessEnv): AwsSettings {
  const region =
    reader.text('aws-region') ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1'
  // S3-compatible servers use free-form region names ("auto", "garage"); AWS's are fixed-form.
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(region))
    reader.fail('aws-region', 'an AWS region such as us-east-1 or eu-central-1')
  return {
    region,
    roleToAssume: reader.optional(
      'role-to-assume',
      /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@\-/]{1,512}$/,
      'an IAM role ARN such as arn:aws:iam::123456789012:role/harvest-export'
    ),
    roleSessionName:
      reader.optional(
        'role-session-name',
        /^[\w+=,.@-]{2,64}$/,
        '2 to 64 characters of letters, digits and _+=,.@-'
      ) ?? 'harvest-s3-export',
    roleDurationSeconds: reader.integer('role-duration-seconds', 900, 43200, 3600),
    audience: reader.text('audience') ?? 'sts.amazonaws.com'
  }
}

function defaultUserAgent(env: NodeJS.ProcessEnv): string {
  const repository =
    env.GITHUB_REPOSITORY &&
    `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${env.GITHUB_REPOSITORY}`
  return `harvest-s3-export (+${repository || 'https://www.npmjs.com/package/harvest-s3-export'})`
}

/** Reads settings one by one, collecting every problem instead of stopping at the first. */
class SettingsReader {
  private readonly problems: string[] = []

  constructor(private readonly raw: RawSettings) {
    for (const [name, setting] of Object.entries(raw) as Array<[InputName, { value: string }]>) {
      // Newlines and control characters have no place in any setting and can forge log lines.
      if (/[\u0000-\u001f\u007f]/.test(setting.value.trim())) {
        this.fail(name, 'a single line without control characters')
      }
    }
  }

  label(name: InputName): string {
    return this.raw[name]?.label ?? name
  }

  text(name: InputName): string | undefined {
    const value = this.raw[name]?.value.trim()
    return value === undefined || value === '' || /[\u0000-\u001f\u007f]/.test(value)
      ? undefined
      : value
  }

  problem(message: string): void {
    this.problems.push(message)
  }

  fail(name: InputName, accepted: string): void {
    const value = this.raw[name]?.value ?? ''
    const shown = SECRET_INPUTS.has(name)
      ? ''
      : ` ${JSON.stringify(value.length > 80 ? value.slice(0, 80) + '…' : value)}`
    this.problem(`Invalid ${this.label(name)}${shown}: expected ${accepted}.`)
  }

  ok(): boolean {
    return this.problems.length === 0
  }

  finish(): void {
    if (this.problems.length > 0) throw new ConfigError([...new Set(this.problems)])
  }

  required(name: InputName, pattern: RegExp, accepted: string): string {
    const value = this.text(name)
    if (value === undefined) {
      if (!this.raw[name]?.value.trim())
        this.problem(`Missing ${this.label(name)}: ${accepted} is required.`)
      return ''
    }
    if (!pattern.test(value)) this.fail(name, accepted)
    return value
  }

  optional(name: InputName, pattern: RegExp, accepted: string): string | undefined {
    const value = this.text(name)
    if (value !== undefined && !pattern.test(value)) this.fail(name, accepted)
    return value
  }

  choice<T extends string>(name: InputName, choices: readonly T[], fallback: T): T {
    const value = this.text(name)
    if (value === undefined) return fallback
    if (!(choices as readonly string[]).includes(value)) {
      this.fail(name, `one of ${choices.join(', ')}`)
      return fallback
    }
    return value as T
  }

  integer(name: InputName, min: number, max: number, fallback: number): number {
    const value = this.text(name)
    if (value === undefined) return fallback
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      this.fail(name, `a whole number from ${min} to ${max}`)
      return fallback
    }
    return Number(value)
  }

  /** YAML-style booleans, as `core.getBooleanInput` accepts them. */
  boolean(name: InputName): boolean {
    const value = this.text(name)
    if (value === undefined) return false
    if (['true', 'True', 'TRUE'].includes(value)) return true
    if (['false', 'False', 'FALSE'].includes(value)) return false
    this.fail(name, 'true or false')
    return false
  }

  date(name: InputName): string | undefined {
    const value = this.text(name)
    if (value !== undefined && !isIsoDate(value))
      this.fail(name, 'a date written YYYY-MM-DD, e.g. 2025-01-31')
    return value
  }

  harvestUrl(): string {
    const value = this.text('harvest-url') ?? DEFAULT_HARVEST_URL
    let url: URL
    try {
      url = new URL(value)
    } catch {
      this.fail('harvest-url', `an https:// URL such as ${DEFAULT_HARVEST_URL}`)
      return value
    }
    const loopbackHttp = url.protocol === 'http:' && isLoopback(url)
    if ((url.protocol !== 'https:' && !loopbackHttp) || url.username || url.password || url.hash) {
      this.fail(
        'harvest-url',
        `an https:// URL such as ${DEFAULT_HARVEST_URL} (plain http:// only for localhost, 127.0.0.1 or ::1)`
      )
    }
    return value
  }

  endpoint(): string | undefined {
    const value = this.text('s3-endpoint')
    if (value === undefined) return undefined
    try {
      const url = new URL(value)
      if ((url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password)
        return value
    } catch {
      // reported below
    }
    this.fail(
      's3-endpoint',
      'an http:// or https:// URL of an S3-compatible server, e.g. https://minio.example.com:9000'
    )
    return value
  }

  /** S3's bucket naming rules (general purpose buckets). */
  bucket(name: InputName): string | undefined {
    const value = this.text(name)
    if (value === undefined) return undefined
    const valid =
      /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(value) &&
      !value.includes('..') &&
      !value.includes('.-') &&
      !value.includes('-.') &&
      !/^\d+\.\d+\.\d+\.\d+$/.test(value) &&
      !/^(xn--|sthree-|amzn-s3-demo-)/.test(value) &&
      !/(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(value)
    if (!valid) {
      this.fail(
        name,
        'an S3 bucket name: 3 to 63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit'
      )
    }
    return value
  }

  /** A key prefix: relative, no `..` segment, so no key can leave it. */
  prefix(): string {
    const value = this.raw['s3-prefix']?.value.trim() ?? ''
    if (value !== '' && !isSafeKey(value)) {
      this.fail(
        's3-prefix',
        'a key prefix such as harvest/ (no leading /, no . or .. segments, at most 512 characters)'
      )
    }
    return value
  }

  key(name: InputName): string | undefined {
    const value = this.text(name)
    if (value !== undefined && (!isSafeKey(value) || value.endsWith('/'))) {
      this.fail(name, 'an object key such as harvest-data.json (no leading /, no . or .. segments)')
    }
    return value
  }
}

function isSafeKey(key: string): boolean {
  if (key.length > 512 || key.startsWith('/') || key.includes('\\')) return false
  return key
    .split('/')
    .every(
      (segment, index, all) =>
        segment !== '..' && segment !== '.' && (segment !== '' || index === all.length - 1)
    )
}
