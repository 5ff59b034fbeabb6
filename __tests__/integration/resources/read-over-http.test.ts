import { HarvestSimulator } from '../../../sandbox/harvest-simulator.js'
import { LIST_RESOURCES } from '../../../sandbox/resource-store.js'
import { HarvestClient } from '../../../src/harvest/client.js'
import { RESOURCE_CATALOG } from '../../../src/resources/catalog.js'
import { fetchResource } from '../../../src/resources/completeness.js'

describe('reading resources from the Harvest simulator over HTTP', () => {
  let sim: HarvestSimulator
  let client: HarvestClient
  const options = () => ({ harvestUrl: sim.url, accountId: sim.accountId })

  beforeAll(async () => {
    sim = new HarvestSimulator({
      entries: 50,
      from: '2025-01-01',
      to: '2025-03-31',
      seed: 11,
      rateLimit: false,
      resourceCounts: { expenses: 2300 }
    })
    await sim.start()
  })
  afterAll(async () => sim?.stop())
  beforeEach(() => {
    client = new HarvestClient({
      url: sim.url,
      accountId: sim.accountId,
      accessToken: sim.token,
      userAgent: 'resources-test (dev@example.com)',
      retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 20 }
    })
  })

  it('returns every record of every list resource exactly as the simulator holds it', async () => {
    for (const name of LIST_RESOURCES) {
      const content = await fetchResource(client, RESOURCE_CATALOG[name], options())
      const held = JSON.parse(JSON.stringify(sim.listRecords(name))) as unknown
      expect(content).toEqual({ kind: 'list', records: held })
    }
    // 2,300 expenses take two pages of 2,000: links.next was followed.
    expect(client.requests).toBe(LIST_RESOURCES.length + 1)
  })

  it('reads the company as one object', async () => {
    const content = await fetchResource(client, RESOURCE_CATALOG.company, options())
    expect(content).toEqual({
      kind: 'single',
      object: JSON.parse(JSON.stringify(sim.company)) as unknown
    })
  })

  it('fails a 403 naming the resource and the permission, and shares retries with the time entries', async () => {
    sim.forbid('invoices')
    try {
      await expect(fetchResource(client, RESOURCE_CATALOG.invoices, options())).rejects.toThrow(
        /Harvest refused to list invoices \(403 Forbidden\) for account \d+\. Reading invoices takes an Administrator, or a Manager with permission to view and edit invoices/
      )
    } finally {
      sim.allow('invoices')
    }
    sim.injectFault({ kind: '503', times: 1 })
    const before = client.requests
    await fetchResource(client, RESOURCE_CATALOG.roles, options())
    expect(client.requests - before).toBe(2)
  })
})
