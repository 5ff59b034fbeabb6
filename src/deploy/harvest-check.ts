import { HarvestError, UserError } from '../errors.js'
import { HarvestClient } from '../harvest/client.js'

export interface HarvestAccess {
  url: string
  accountId: string
  token: string
  userAgent: string
}

/**
 * One request through the export's own Harvest client (a `per_page=1` page of time entries),
 * so a refused token or account id gets the advice a scheduled run would give, before anything
 * is deployed. Resolves to the account's number of time entries.
 */
export async function checkHarvestAccess(access: HarvestAccess): Promise<number> {
  const client = new HarvestClient({
    url: access.url,
    accountId: access.accountId,
    accessToken: access.token,
    userAgent: access.userAgent,
    timeoutMs: 20_000,
    // A blip is retried, but a deploy should not sit through the export's 8 s of retries.
    retry: { attempts: 2, baseDelayMs: 500, maxDelayMs: 2_000 }
  })
  const url = new URL(access.url)
  url.searchParams.set('per_page', '1')
  try {
    const page = await client.getDocument(url.toString())
    const total = page.total_entries
    return typeof total === 'number' ? total : 0
  } catch (error) {
    if (!(error instanceof HarvestError)) throw error
    throw new HarvestError(
      [
        'Checking the Harvest token and account id before deploying failed: ',
        ...(error as UserError).wording,
        ' Nothing was created or changed.'
      ],
      { status: error.status, cause: error }
    )
  } finally {
    client.close()
  }
}
