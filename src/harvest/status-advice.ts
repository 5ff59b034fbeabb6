import { setting, words, type Wording } from '../wording.js'

export const DEFAULT_HARVEST_URL = 'https://api.harvestapp.com/v2/time_entries'

/** The settings Harvest's errors point at, by canonical name: each entry point spells them. */
const URL_SETTING = setting('harvestUrl')
const ACCOUNT_SETTING = setting('harvestAccountId')
const TOKEN_SETTING = setting('harvestAccessToken')

/** What a status message may name about the request: the account and Harvest's URL. */
export interface RequestSettings {
  url: string
  accountId: string
}

/** A URL as messages show it: origin and path, never the query (it may carry filters). */
export function redactUrl(url: string): string {
  const parsed = new URL(url)
  return `${parsed.origin}${parsed.pathname}`
}

/** What an answer other than 200, 408, 429 or 5xx means, and which setting to check. */
export function statusAdvice(
  status: number,
  body: string,
  options: RequestSettings,
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
    const parsed = JSON.parse(body) as {
      message?: unknown
      error_description?: unknown
      error?: unknown
    }
    const text = parsed.message ?? parsed.error_description ?? parsed.error
    // Its closing stop would end the sentence this is quoted in.
    return typeof text === 'string' ? text.slice(0, 300).trim().replace(/\.$/, '') : ''
  } catch {
    return ''
  }
}
