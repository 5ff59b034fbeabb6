import { isIsoDate, isTimeZone } from '../util/calendar.js'
import { DEFAULT_HARVEST_URL } from '../harvest/client.js'
import { isLoopback } from '../util/loopback.js'
import { LAYOUTS, dateOfKey } from '../export/layout.js'
import { FORMATS } from '../export/serialize.js'
import { RESOURCE_NAMES } from '../resources/names.js'

// Pure predicates and (in RULES) the words for what each accepts; the reader adds the names.

const matching = (pattern: RegExp) => (value: string) => pattern.test(value)

export const isAccountId = matching(/^\d{1,20}$/)

/** Tokens are opaque; whitespace inside one is always a paste mistake. */
export const isToken = matching(/^\S+$/)

/** Newlines and control characters have no place in any setting and can forge log lines. */
export function isSingleLine(value: string): boolean {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return !/[\u0000-\u001f\u007f]/.test(value)
}

export function isBucketName(value: string): boolean {
  return (
    /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(value) &&
    !value.includes('..') &&
    !value.includes('.-') &&
    !value.includes('-.') &&
    !/^\d+\.\d+\.\d+\.\d+$/.test(value) &&
    !/^(xn--|sthree-|amzn-s3-demo-)/.test(value) &&
    !/(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(value)
  )
}

/** A relative key that cannot leave its prefix: no leading `/`, no `.` or `..` segment. */
export function isSafeKey(key: string): boolean {
  if (key.length > 512 || key.startsWith('/') || key.includes('\\')) return false
  return key
    .split('/')
    .every(
      (segment, index, all) =>
        segment !== '..' && segment !== '.' && (segment !== '' || index === all.length - 1)
    )
}

/** A folder (`harvest` writes `harvest2025...json`); `*`, `?` would be IAM wildcards. */
export function isKeyPrefix(value: string): boolean {
  return value === '' || (isSafeKey(value) && !/[*?]/.test(value) && value.endsWith('/'))
}

export function isObjectKey(value: string): boolean {
  return isSafeKey(value) && !value.endsWith('/')
}

function parseUrl(value: string): URL | undefined {
  return URL.canParse(value) ? new URL(value) : undefined
}

/** https only (the token travels in a header); plain http for this machine (the simulator). */
export function isHarvestUrl(value: string): boolean {
  const url = parseUrl(value)
  if (url === undefined) return false
  const loopbackHttp = url.protocol === 'http:' && isLoopback(url)
  return (url.protocol === 'https:' || loopbackHttp) && !url.username && !url.password && !url.hash
}

/** Credentials and data would travel unencrypted: it needs `insecure-endpoint`. */
export function isInsecureEndpoint(value: string): boolean {
  const url = parseUrl(value)
  return url !== undefined && url.protocol === 'http:' && !isLoopback(url)
}

const RESERVED_FOLDERS = ['changes', 'tables', '.harvest-s3-export']

const RESOURCE_OBJECTS = RESOURCE_NAMES.filter((name) => name !== 'time_entries')

/** Any layout and format counts: a later change must not find its key taken. */
function reservedKeyUse(key: string): string | undefined {
  const lower = key.toLowerCase()
  const [first] = lower.split('/')
  if (RESERVED_FOLDERS.includes(first))
    return first === '.harvest-s3-export'
      ? 'where the run keeps its state'
      : `under ${first}/, which runs fill themselves`
  if (first.startsWith('spent_date=')) return 'inside a hive day folder'
  for (const layout of LAYOUTS)
    for (const format of FORMATS)
      if (dateOfKey({ prefix: '', layout, format }, lower) !== undefined) return 'a day file name'
  const resource = RESOURCE_OBJECTS.find(
    (name) => first === name || FORMATS.some((format) => first === `${name}.${format}`)
  )
  if (resource !== undefined) return `where resources keeps ${resource}`
  return undefined
}

export function isLatestKey(value: string): boolean {
  return isObjectKey(value) && reservedKeyUse(value) === undefined
}

/** An S3-compatible server's URL; keys in it would be logged, so none are accepted. */
export function isEndpointUrl(value: string): boolean {
  const url = parseUrl(value)
  return ['https:', 'http:'].includes(url?.protocol ?? '') && !url?.username && !url?.password
}

/** S3-compatible servers use free-form region names ("auto", "garage"). */
export const isRegion = matching(/^[a-z0-9][a-z0-9-]{0,62}$/)

export const isRoleArn = matching(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@\-/]{1,512}$/)

export const isRoleSessionName = matching(/^[\w+=,.@-]{2,64}$/)

/** For `2026-02-30`: the format is right, the date does not exist; undefined otherwise. */
function missingDate(value: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (!match) return undefined
  const [year, month, day] = match.slice(1).map(Number)
  if (month < 1 || month > 12)
    return `a date that exists (${value} does not: there is no month ${match[2]})`
  const last = new Date(Date.UTC(year, month, 0))
  const days = last.getUTCDate()
  if (day >= 1 && day <= days) return undefined
  const name = last.toLocaleString('en-US', { month: 'long', timeZone: 'UTC' })
  return `a date that exists (${value} does not: ${name} ${match[1]} has ${days} days)`
}

/** 3,660 days back, both ends included. */
export const MAX_WINDOW_DAYS = 3661

export function windowProblem(window: {
  from: string
  to: string
  days: number
}): 'ends-before-start' | 'too-long' | undefined {
  if (window.from > window.to) return 'ends-before-start'
  if (window.days > MAX_WINDOW_DAYS) return 'too-long'
  return undefined
}

export interface Rule {
  test: (value: string) => boolean
  /** Completes "expected ...". */
  accepted: string
  /** Words fitting one refused value better than `accepted` (`harvest` lacks its final `/`). */
  explain?: (value: string) => string | undefined
}

export const RULES = {
  accountId: { test: isAccountId, accepted: 'digits only, e.g. 123456' },
  harvestToken: { test: isToken, accepted: 'a Harvest Personal Access Token' },
  githubToken: {
    test: isToken,
    accepted:
      'a token that may write releases (the default ${{ github.token }} with permissions: contents: write)'
  },
  harvestUrl: {
    test: isHarvestUrl,
    accepted: `an https:// URL such as ${DEFAULT_HARVEST_URL} (plain http:// only for localhost, 127.0.0.1 or ::1)`
  },
  bucket: {
    test: isBucketName,
    accepted:
      'an S3 bucket name: 3 to 63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit'
  },
  endpoint: {
    test: isEndpointUrl,
    accepted:
      'an http:// or https:// URL of an S3-compatible server, e.g. https://minio.example.com:9000'
  },
  prefix: {
    test: isKeyPrefix,
    accepted:
      'a key prefix such as harvest/ (a folder: ending in /; no leading /, no . or .. segments, no * or ?, at most 512 characters)',
    explain: (value) =>
      !value.endsWith('/') && isKeyPrefix(`${value}/`)
        ? `a key prefix ending in / (a folder), e.g. ${value}/`
        : undefined
  },
  objectKey: {
    test: isObjectKey,
    accepted: 'an object key such as harvest-data.json (no leading /, no . or .. segments)'
  },
  latestKey: {
    test: isLatestKey,
    accepted:
      'an object key such as harvest-data.json that no run writes itself (not a day file, a resource object such as projects.json, nor under changes/, tables/ or .harvest-s3-export/; no leading /, no . or .. segments)',
    explain: (value) => {
      const use = isObjectKey(value) ? reservedKeyUse(value) : undefined
      return (
        use && `an object key no run writes itself, such as harvest-data.json (${value} is ${use})`
      )
    }
  },
  region: { test: isRegion, accepted: 'an AWS region such as us-east-1 or eu-central-1' },
  roleArn: {
    test: isRoleArn,
    accepted: 'an IAM role ARN such as arn:aws:iam::123456789012:role/harvest-export'
  },
  roleSessionName: {
    test: isRoleSessionName,
    accepted: '2 to 64 characters of letters, digits and _+=,.@-'
  },
  date: {
    test: isIsoDate,
    accepted: 'a date written YYYY-MM-DD, e.g. 2025-01-31',
    explain: missingDate
  },
  userAgent: {
    // Printable Latin-1 (Node refuses to send more in a header): a bad one fails here.
    test: (value) => value.length <= 512 && /^[\u0020-\u007e\u00a0-\u00ff]+$/.test(value),
    accepted:
      'printable Latin-1 text (letters, digits, spaces and punctuation; no control characters, emoji or other non-Latin-1 characters), at most 512 characters'
  },
  timeZone: {
    test: isTimeZone,
    accepted: 'an IANA time zone name such as UTC, Europe/Berlin or America/New_York'
  }
} satisfies Record<string, Rule>
