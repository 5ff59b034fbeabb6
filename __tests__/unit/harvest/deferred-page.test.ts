import { deferredPage, entryBytes } from '../../../src/harvest/page-bytes.js'
import { pageParsesOf } from '../../support/page-parses.js'
import { HarvestError } from '../../../src/errors.js'

const entries = [
  { id: 2, spent_date: '2025-01-02', notes: 'has ],"per_page": in a string', hours: 1 },
  { id: 1, spent_date: '2025-01-01', tags: [{ id: 9 }], hours: 2 }
]
const paging = {
  per_page: 2000,
  total_pages: 2,
  total_entries: 4001,
  next_page: 2,
  previous_page: null,
  page: 1,
  links: { first: 'f', next: 'https://x.invalid/next?cursor=a', previous: null, last: 'l' }
}

describe('pages whose entries are parsed on first use', () => {
  it('reads the paging fields from the tail and parses the entries only when asked', async () => {
    const body = Buffer.from(JSON.stringify({ time_entries: entries, ...paging }))
    let page: ReturnType<typeof deferredPage>
    expect(await pageParsesOf(() => (page = deferredPage(body)))).toBe(0)
    expect(page!.total_entries).toBe(4001)
    expect(page!.links?.next).toBe('https://x.invalid/next?cursor=a')
    expect(entryBytes(page!)!.toString()).toBe(
      JSON.stringify({ time_entries: entries }).slice(0, -1)
    )
    const parses = await pageParsesOf(() => {
      expect(page!.time_entries).toEqual(entries)
      expect(page!.time_entries).toBe(page!.time_entries)
    })
    expect(parses).toBe(1)
  })

  it('leaves a body laid out otherwise to be parsed whole', () => {
    for (const body of [
      JSON.stringify({ ...paging, time_entries: entries }),
      ` ${JSON.stringify({ time_entries: entries, ...paging })}`,
      JSON.stringify({ time_entries: entries, ...paging }, null, 2),
      JSON.stringify({ time_entries: entries, ...paging }).slice(0, -5),
      JSON.stringify({ time_entries: entries, per_page: 1, time_entries_2: 1 }).replace(
        'time_entries_2',
        'time_entries'
      )
    ]) {
      expect(deferredPage(Buffer.from(body))).toBeUndefined()
    }
    expect(deferredPage(Buffer.from('{"time_entries":[],"per_page":1}'))!.time_entries).toEqual([])
  })

  it('fails the read, naming Harvest, when the entries behind a good tail are not JSON', () => {
    const good = JSON.stringify({ time_entries: entries, ...paging })
    const broken = deferredPage(Buffer.from(good.replace('"notes":', '"notes"::')))!
    expect(broken.total_entries).toBe(4001)
    expect(() => broken.time_entries).toThrow(HarvestError)
    expect(() => broken.time_entries).toThrow(/not valid JSON/)
  })
})
