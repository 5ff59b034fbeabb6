import { DEFAULT_HARVEST_URL, type HarvestSettingNames } from './setting-names.js'

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
  names: HarvestSettingNames,
  request: { url: string; location?: string }
): string {
  if (status >= 300 && status < 400) return redirectAdvice(status, request, names)
  const said = harvestMessage(body)
  const detail = said ? `: ${said}` : ''
  // Harvest answers 401 for a missing Harvest-Account-Id and 404 for one the token cannot
  // reach, so each of these names both the token and the account id.
  const credentials = `${names.accessToken} and ${names.accountId}`
  switch (status) {
    case 401:
      return (
        `Harvest rejected the access token (401 Unauthorized): check ${credentials}; ` +
        'the token must be a current Personal Access Token (https://id.getharvest.com/developers), not revoked or expired.'
      )
    case 403:
      return (
        `Harvest refused access to account ${options.accountId} (403 Forbidden): check that ${names.accountId} ` +
        `is the account of the token in ${names.accessToken}, and that the token's user may view time entries.`
      )
    case 404:
      return (
        `Harvest answered 404 Not Found for ${redactUrl(options.url)}: check ${names.url} (default ${DEFAULT_HARVEST_URL}), ` +
        `then ${credentials} (Harvest answers 404 for an account id the token cannot reach).`
      )
    case 422:
      return `Harvest rejected the request (422 Unprocessable Entity${detail}): check ${names.from}, ${names.to} and ${names.url}.`
    default:
      return `Harvest answered ${status}${said ? ` (${said})` : ''}: check ${names.url}, then ${credentials}.`
  }
}

/**
 * Redirects are never followed (the token would go along): the answer names where it pointed
 * (origin and path only) so the setting can be corrected.
 */
function redirectAdvice(
  status: number,
  { url, location }: { url: string; location?: string },
  names: HarvestSettingNames
): string {
  let target = ''
  if (location) {
    try {
      target = ` to ${redactUrl(new URL(location, url).toString())}`
    } catch {
      target = ' to a malformed location'
    }
  }
  return (
    `Harvest answered ${status}, a redirect${target} for ${redactUrl(url)}, which the exporter does not follow ` +
    `so the token is sent nowhere else: check ${names.url} (default ${DEFAULT_HARVEST_URL}).`
  )
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
