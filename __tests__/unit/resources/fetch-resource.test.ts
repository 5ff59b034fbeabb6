import { CLI_NAMES, LAMBDA_NAMES, spellerFor } from '../../../src/config/setting-names.js'
import { HarvestError, userMessage } from '../../../src/errors.js'
import { RESOURCE_CATALOG } from '../../../src/resources/catalog.js'
import { fetchResource, type ResourceReader } from '../../../src/resources/completeness.js'

const BASE = 'https://api.example.com/v2/time_entries'

/** Answers each URL from a table of bodies (or 403), in the order given per URL. */
function reader(routes: Record<string, unknown[]>): ResourceReader & { asked: string[] } {
  const asked: string[] = []
  return {
    asked,
    getJson(url, forbidden) {
      asked.push(url)
      const answers = routes[url]
      if (!answers?.length) return Promise.reject(new Error(`unexpected ${url}`))
      const body = answers.length > 1 ? answers.shift() : answers[0]
      return body === 403 ? Promise.reject(forbidden()) : Promise.resolve(body)
    },
    nextUrl: (next) => new URL(next, BASE).toString()
  }
}

const options = { harvestUrl: BASE, accountId: '42' }
const first = 'https://api.example.com/v2/clients?per_page=2000'
const second = 'https://api.example.com/v2/clients?cursor=abc&per_page=2000'

describe('fetchResource', () => {
  it('follows links.next exactly as given and returns every record', async () => {
    const source = reader({
      [first]: [{ clients: [{ id: 9 }, { id: 2 }], total_entries: 3, links: { next: second } }],
      [second]: [{ clients: [{ id: 5 }], total_entries: 3, links: { next: null } }]
    })
    const content = await fetchResource(source, RESOURCE_CATALOG.clients, options)
    expect(content).toEqual({ kind: 'list', records: [{ id: 9 }, { id: 2 }, { id: 5 }] })
    expect(source.asked).toEqual([first, second])
  })

  it('walks again when a read does not add up, then fails naming the resource', async () => {
    const flaky = reader({
      [first]: [
        { clients: [{ id: 1 }], total_entries: 2, links: {} },
        { clients: [{ id: 1 }, { id: 2 }], total_entries: 2, links: {} }
      ]
    })
    expect(await fetchResource(flaky, RESOURCE_CATALOG.clients, options)).toEqual({
      kind: 'list',
      records: [{ id: 1 }, { id: 2 }]
    })
    const broken = reader({ [first]: [{ clients: [{ id: 1 }, { id: 1 }], total_entries: 2 }] })
    await expect(fetchResource(broken, RESOURCE_CATALOG.clients, options)).rejects.toThrow(
      /clients could not be read completely: record 1 was returned twice/
    )
    expect(broken.asked).toHaveLength(3)
  })

  it('names the URL setting as the running face spells it when the answer is not the resource', async () => {
    const error = await fetchResource(
      reader({ [first]: [{ time_entries: [] }] }),
      RESOURCE_CATALOG.clients,
      options
    ).catch((failure: unknown) => failure)
    expect(userMessage(error, [], spellerFor(LAMBDA_NAMES))).toContain(
      '(no "clients" array). Check HARVEST_URL: clients is read from its address'
    )
    expect(userMessage(error, [], spellerFor(CLI_NAMES))).toContain('. Check --harvest-url: ')
  })

  it('reads the company as one object, and names a wrong body or a 403', async () => {
    const company = 'https://api.example.com/v2/company'
    expect(
      await fetchResource(
        reader({ [company]: [{ name: 'Acme' }] }),
        RESOURCE_CATALOG.company,
        options
      )
    ).toEqual({ kind: 'single', object: { name: 'Acme' } })
    await expect(
      fetchResource(reader({ [first]: [{ time_entries: [] }] }), RESOURCE_CATALOG.clients, options)
    ).rejects.toThrow(/did not return Harvest clients \(no "clients" array\)/)
    const invoices = 'https://api.example.com/v2/invoices?per_page=2000'
    const denied = fetchResource(reader({ [invoices]: [403] }), RESOURCE_CATALOG.invoices, options)
    await expect(denied).rejects.toBeInstanceOf(HarvestError)
    await expect(denied).rejects.toThrow(/invoices \(403 Forbidden\) for account 42/)
  })
})
