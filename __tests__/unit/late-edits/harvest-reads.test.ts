import { LAMBDA_NAMES, spellerFor } from '../../../src/config/setting-names.js'
import { userMessage } from '../../../src/errors.js'
import { HttpSweepReads } from '../../../src/late-edits/harvest-reads.js'
import { RESOURCE_CATALOG, resourceUrl } from '../../../src/resources/catalog.js'

/** The rename reads ask for the same endpoints `resources` reads, whatever harvest-url's form. */
describe('sweep reads of clients, projects, tasks and users', () => {
  const since = '2025-03-01T00:00:00Z'

  async function requested(harvestUrl: string): Promise<string> {
    const urls: string[] = []
    const reads = new HttpSweepReads(
      {
        getDocument: (url) => {
          urls.push(url)
          return Promise.resolve({ clients: [], total_entries: 0, links: { next: null } })
        }
      },
      harvestUrl,
      () => Promise.reject(new Error('not used'))
    )
    await reads.updatedRecords('clients', since)
    expect(urls).toHaveLength(1)
    return urls[0]
  }

  it.each([
    'https://api.harvestapp.com/v2/time_entries',
    'https://api.harvestapp.com/v2/time_entries/',
    'https://proxy.example.com/harvest/v2/time_entries?user_id=5'
  ])('%s -> the clients endpoint of resources, with updated_since', async (harvestUrl) => {
    const url = new URL(await requested(harvestUrl))
    const expected = new URL(resourceUrl(harvestUrl, RESOURCE_CATALOG.clients))
    expect(`${url.origin}${url.pathname}`).toBe(`${expected.origin}${expected.pathname}`)
    expect(url.pathname.endsWith('/v2/clients')).toBe(true)
    expect(url.searchParams.get('updated_since')).toBe(since)
    expect(url.searchParams.get('per_page')).toBe('2000')
    expect(url.searchParams.get('user_id')).toBeNull()
  })
})

describe('a sweep read of an answer without its list', () => {
  it('names the URL setting as the running face spells it', async () => {
    const reads = new HttpSweepReads(
      { getDocument: () => Promise.resolve({ total_entries: 0, links: { next: null } }) },
      'https://api.harvestapp.com/v2/time_entries',
      () => Promise.reject(new Error('not used'))
    )
    const error = await reads
      .updatedEntries('2025-03-01T00:00:00Z')
      .catch((failure: unknown) => failure)
    expect(userMessage(error, [], spellerFor(LAMBDA_NAMES))).toMatch(
      /holds no "time_entries" list\. Check HARVEST_URL\.$/
    )
  })
})
