/** What an answer other than 200 means: which setting to check, or how long a 429 asks to wait. */
import { HarvestError } from '../errors.js'
import { setting, words, type Wording } from '../wording.js'
import { MAX_RETRY_AFTER_MS, quoted } from './bounds.js'

export const DEFAULT_HARVEST_URL = 'https://api.harvestapp.com/v2/time_entries'

/** The settings Harvest's errors point at, by canonical name: each entry point spells them. */
export const URL_SETTING = setting('harvestUrl')
const ACCOUNT_SETTING = setting('harvestAccountId')
const TOKEN_SETTING = setting('harvestAccessToken')

/** A URL as messages show it: origin and path, never the query (it may carry filters). */
export function redactUrl(url: string): string {
  const parsed = new URL(url)
  return `${parsed.origin}${parsed.pathname}`
}

/** What an answer other than 200, 408, 429 or 5xx means, and which setting to check. */
export function statusAdvice(
  status: number,
  body: string,
  options: { url: string; accountId: string },
  request: { url: string; location?: string }
): Wording {
  if (status >= 300 && status < 400) return redirectAdvice(status, request)
  const said = harvestMessage(body)
  const detail = said ? `: ${said}` : ''
  // Harvest answers 401 for a missing Harvest-Account-Id and 404 for one the token cannot
  // reach, so each of these names both the token and the account id.
  const credentials = words`${TOKEN_SETTING} and ${ACCOUNT_SETTING}`
  switch (status) {
    case 401:
      return words`Harvest rejected the access token (401 Unauthorized): check ${credentials}; the token must be a current Personal Access Token (https://id.getharvest.com/developers), not revoked or expired.`
    case 403:
      return words`Harvest refused access to account ${options.accountId} (403 Forbidden): check that ${ACCOUNT_SETTING} is the account of the token in ${TOKEN_SETTING}, and that the token's user may view time entries.`
    case 404:
      return words`Harvest answered 404 Not Found for ${redactUrl(options.url)}: check ${URL_SETTING} (default ${DEFAULT_HARVEST_URL}), then ${credentials} (Harvest answers 404 for an account id the token cannot reach).`
    case 422:
      return words`Harvest rejected the request (422 Unprocessable Entity${detail}): check ${setting('from')}, ${setting('to')} and ${URL_SETTING}.`
    default:
      return words`Harvest answered ${status}${said ? ` (${said})` : ''}: check ${URL_SETTING}, then ${credentials}.`
  }
}

/**
 * Redirects are never followed (the token would go along): the answer names where it pointed
 * (origin and path only) so the setting can be corrected.
 */
function redirectAdvice(
  status: number,
  { url, location }: { url: string; location?: string }
): Wording {
  let target = ''
  if (location) {
    try {
      target = ` to ${redactUrl(new URL(location, url).toString())}`
    } catch {
      target = ' to a malformed location'
    }
  }
  return words`Harvest answered ${status}, a redirect${target} for ${redactUrl(url)}, which the exporter does not follow so the token is sent nowhere else: check ${URL_SETTING} (default ${DEFAULT_HARVEST_URL}).`
}

/** Harvest's own words, when the error body carries them (never echoes request headers). */
function harvestMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as Record<string, unknown>
    const text = parsed.message ?? parsed.error_description ?? parsed.error
    // Its closing stop would end the sentence this is quoted in.
    return typeof text === 'string' ? text.slice(0, 300).trim().replace(/\.$/, '') : ''
  } catch {
    return ''
  }
}

/** Harvest's window is 15 s; without a hint, waiting that long is always enough. */
const DEFAULT_WAIT_MS = 15_000

/**
 * How long a 429 asks to wait, in ms, plus a little. Above `MAX_RETRY_AFTER_MS` it fails at once:
 * a Lambda would time out, and past 2^31 ms Node's timers would fire at once instead.
 */
export function retryAfterMs(header: string | undefined, now = Date.now()): number {
  const wait = requestedWait(header, now)
  if (wait === undefined) return DEFAULT_WAIT_MS
  if (wait > MAX_RETRY_AFTER_MS) {
    throw new HarvestError(
      `Harvest answered 429 (rate limit) asking to wait ${describeWait(wait)} (Retry-After: ${quoted(header)}), ` +
        `longer than the ${MAX_RETRY_AFTER_MS / 60_000} minutes the exporter waits at most: nothing was written; run the export again later.`
    )
  }
  return wait + 100
}

function requestedWait(header: string | undefined, now: number): number | undefined {
  if (!header) return undefined
  const seconds = Number(header)
  if (header.trim() !== '' && Number.isFinite(seconds) && seconds >= 0) {
    return Math.ceil(seconds * 1000)
  }
  const date = Date.parse(header)
  if (!Number.isNaN(date)) return Math.max(0, date - now)
  // A number too large to be finite is a wait too long all the same.
  if (/^\s*\d+\s*$/.test(header)) return Number.POSITIVE_INFINITY
  return undefined
}

function describeWait(ms: number): string {
  if (!Number.isFinite(ms)) return 'forever'
  const seconds = Math.ceil(ms / 1000)
  const minutes = ms / 60_000
  const about =
    minutes < 120
      ? `${Math.ceil(minutes)} minutes`
      : minutes < 48 * 60
        ? `${Math.round(minutes / 60)} hours`
        : `${Math.round(minutes / 1440)} days`
  return `${seconds} s (about ${about})`
}
