import type { HarvestSimulator } from '../../../sandbox/harvest-simulator.js'
import type { TimeEntry } from '../../../src/harvest/types.js'
import type { HarvestRecord } from '../../../sandbox/resources-data.js'
import { get, startSim, walk, type ListPage } from '../../support/sim-http.js'

let sim: HarvestSimulator

type Project = HarvestRecord & { client: { name: string } }

beforeEach(async () => {
  sim = await startSim({ now: () => Date.parse('2030-01-01T00:00:00Z') })
})

afterEach(async () => {
  await sim.stop()
})

const idOf = (entry: TimeEntry, field: string) => (entry[field] as { id: number }).id
const ids = (entries: TimeEntry[]) => entries.map((e) => e.id)
const total = async (query: string) =>
  (await get(sim, `/v2/time_entries?per_page=1&${query}`)).json().total_entries

describe('time entry filters', () => {
  it.each(['user', 'client', 'project', 'task'])(
    'filters by %s_id, alone and with from/to, with the filtered total_entries',
    async (field) => {
      const value = idOf(sim.entries[10], field)
      const expected = sim.entries.filter((e) => idOf(e, field) === value)
      expect(expected.length).toBeLessThan(sim.entries.length)
      expect(await total(`${field}_id=${value}`)).toBe(expected.length)
      const { records } = await walk<TimeEntry>(
        sim,
        `/v2/time_entries?${field}_id=${value}&per_page=9`,
        'time_entries'
      )
      expect(ids(records)).toEqual(ids(expected))
      const within = expected.filter(
        (e) => e.spent_date >= '2024-02-01' && e.spent_date <= '2024-02-29'
      )
      expect(await total(`${field}_id=${value}&from=2024-02-01&to=2024-02-29`)).toBe(within.length)
    }
  )

  it('filters by updated_since over all dates (updated_at at or after it)', async () => {
    const edited = [sim.entries[3], sim.entries[400], sim.entries[790]]
    sim.setClock('2031-02-03T04:05:06Z')
    for (const entry of edited) sim.update(entry.id, { notes: 'late edit' })
    sim.advanceClock(60_000)
    sim.move(sim.entries[500].id, '2024-01-02')
    const since = (await get(sim, '/v2/time_entries?updated_since=2031-02-03T04:05:06Z')).json<
      ListPage<TimeEntry>
    >()
    expect(since.total_entries).toBe(4)
    expect(new Set(ids(since.time_entries))).toEqual(
      new Set(sim.entries.filter((e) => e.updated_at! >= '2031-02-03T04:05:06Z').map((e) => e.id))
    )
    expect(await total('updated_since=2031-02-03T04:05:07Z')).toBe(1)
    expect(await total('updated_since=2031-02-03T04:05:06.500Z')).toBe(1)
    expect(await total('updated_since=2031-02-03T05:05:06%2B01:00')).toBe(4)
    expect(await total('updated_since=2031-02-03T04:06:06Z')).toBe(1)
    expect(await total('updated_since=2031-02-03T04:06:07Z')).toBe(0)
    const inJanuary = await total(
      'updated_since=2031-02-03T04:05:06Z&from=2024-01-01&to=2024-01-31'
    )
    const expected = sim.entries.filter(
      (e) => e.updated_at! >= '2031-02-03T04:05:06Z' && e.spent_date <= '2024-01-31'
    )
    expect(inJanuary).toBe(expected.length)
    expect((await get(sim, '/v2/time_entries?updated_since=soon')).status).toBe(422)
  })

  it('keeps the filters in the links of a filtered walk', async () => {
    const user = idOf(sim.entries[0], 'user')
    const first = (await get(sim, `/v2/time_entries?user_id=${user}&per_page=5`)).json()
    const next = new URL(first.links.next!)
    expect(next.searchParams.get('user_id')).toBe(String(user))
    expect(first.total_pages).toBe(Math.ceil(first.total_entries / 5))
  })
})

describe('clock, Date header and mutations', () => {
  it('stamps updated_at and the Date header from the same clock', async () => {
    sim.setClock('2031-07-08T09:10:11.600Z')
    const res = await get(sim, '/v2/time_entries?per_page=1')
    expect(res.headers.get('date')).toBe('Tue, 08 Jul 2031 09:10:11 GMT')
    const entry = sim.update(sim.entries[5].id, { notes: 'x' })
    expect(entry.updated_at).toBe('2031-07-08T09:10:11Z')
    sim.advanceClock(3_600_000)
    expect((await get(sim, '/v2/clients')).headers.get('date')).toBe(
      'Tue, 08 Jul 2031 10:10:11 GMT'
    )
    expect(sim.move(entry.id, '2024-03-03').updated_at).toBe('2031-07-08T10:10:11Z')
  })

  it('defaults to real time', async () => {
    const real = await startSim()
    try {
      const date = Date.parse((await get(real, '/v2/company')).headers.get('date')!)
      expect(Math.abs(date - Date.now())).toBeLessThan(5000)
    } finally {
      await real.stop()
    }
  })

  it('deletes all of a project’s entries', async () => {
    const project = idOf(sim.entries[0], 'project')
    const count = sim.entries.filter((e) => idOf(e, 'project') === project).length
    const before = await total('')
    expect(sim.removeProjectEntries(project)).toBe(count)
    expect(await total(`project_id=${project}`)).toBe(0)
    expect(await total('')).toBe(before - count)
  })

  it.each([
    ['clients', 'client', 'Ümlaut Renamed Corp'],
    ['projects', 'project', 'Website Relaunch 2031'],
    ['tasks', 'task', 'Design & UX'],
    ['users', 'user', 'Ada King-Lovelace']
  ] as const)(
    'renames %s: old entries show the new name, their updated_at unchanged',
    async (resource, field, name) => {
      const id = idOf(sim.entries[0], field)
      const before = sim.entries
        .filter((e) => idOf(e, field) === id)
        .map((e) => [e.id, e.updated_at])
      sim.setClock('2032-01-01T00:00:00Z')
      const record = sim.rename(resource, id, name)
      expect(record.updated_at).toBe('2032-01-01T00:00:00Z')
      const { records } = await walk<TimeEntry>(
        sim,
        `/v2/time_entries?${field}_id=${id}`,
        'time_entries'
      )
      expect(records.map((e: TimeEntry) => [e.id, e.updated_at])).toEqual(before)
      expect(records.every((e: TimeEntry) => (e[field] as { name: string }).name === name)).toBe(
        true
      )
      expect(await total('updated_since=2032-01-01T00:00:00Z')).toBe(0)
      const changed = (await get(sim, `/v2/${resource}?updated_since=2032-01-01T00:00:00Z`)).json()
      expect(changed[resource].map((r: { id: number }) => r.id)).toEqual([id])
    }
  )

  it('shows a renamed client in its projects too', async () => {
    const client = sim.listRecords('projects')[0].client as { id: number }
    sim.rename('clients', client.id, 'New Client Name')
    const projects = (await get(sim, `/v2/projects?client_id=${client.id}`)).json<
      ListPage<Project>
    >().projects
    expect(projects.length).toBeGreaterThan(0)
    expect(projects.every((p) => p.client.name === 'New Client Name')).toBe(true)
  })
})
