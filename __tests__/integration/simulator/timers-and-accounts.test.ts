import type { HarvestSimulator } from '../../../sandbox/harvest-simulator.js'
import type { TimeEntry } from '../../../src/harvest/types.js'
import { get, startSim, walk, type ListPage } from '../../support/sim-http.js'

let sim: HarvestSimulator
const START = Date.parse('2024-06-30T09:00:00Z')

beforeEach(async () => {
  sim = await startSim()
  sim.setClock(START)
})

afterEach(async () => {
  await sim.stop()
})

const entryOnDay = async (id: number, day: string): Promise<TimeEntry> => {
  const page = (await get(sim, `/v2/time_entries?from=${day}&to=${day}`)).json<
    ListPage<TimeEntry>
  >()
  return page.time_entries.find((e) => e.id === id)!
}

describe('running timers', () => {
  it('grow hours on each read while updated_at stays, today or on a past day', async () => {
    const today = sim.startTimer({ hours: 1.5 })
    const past = sim.startTimer({ spent_date: '2024-03-12', startedAgoMs: 30 * 60_000 })
    expect(today.spent_date).toBe('2024-06-30')
    const first = await entryOnDay(past.id, '2024-03-12')
    expect(first).toMatchObject({
      is_running: true,
      timer_started_at: '2024-06-30T08:30:00Z',
      hours: 0.5,
      ended_time: null
    })
    expect((await entryOnDay(today.id, '2024-06-30')).hours).toBe(1.5)
    sim.advanceClock(45 * 60_000)
    const later = await entryOnDay(past.id, '2024-03-12')
    expect(later.hours).toBe(1.25)
    expect(later.updated_at).toBe(first.updated_at)
    expect((await entryOnDay(today.id, '2024-06-30')).hours).toBe(2.25)
  })

  it('are selected by is_running', async () => {
    const timer = sim.startTimer({ spent_date: '2024-02-02' })
    const running = (await get(sim, '/v2/time_entries?is_running=true')).json<ListPage<TimeEntry>>()
    expect(running.time_entries.map((e) => e.id)).toEqual([timer.id])
    const stopped = (await get(sim, '/v2/time_entries?is_running=false&per_page=1')).json()
    expect(stopped.total_entries).toBe(sim.entries.length - 1)
  })

  it('stop with fixed hours and a new updated_at', async () => {
    const timer = sim.startTimer({ spent_date: '2024-05-05' })
    const startedAt = timer.updated_at
    sim.advanceClock(2 * 3_600_000)
    const stopped = sim.stopTimer(timer.id)
    expect(stopped).toMatchObject({ is_running: false, timer_started_at: null, hours: 2 })
    expect(stopped.updated_at).toBe('2024-06-30T11:00:00Z')
    expect(stopped.updated_at).not.toBe(startedAt)
    sim.advanceClock(3_600_000)
    expect((await entryOnDay(timer.id, '2024-05-05')).hours).toBe(2)
    const since = await get(sim, '/v2/time_entries?updated_since=2024-06-30T11:00:00Z')
    expect(since.json<ListPage<TimeEntry>>().time_entries.map((e) => e.id)).toEqual([timer.id])
  })
})

describe('account errors', () => {
  it('answers a wrong Harvest-Account-Id with 404 and a missing one with 401', async () => {
    for (const path of ['/v2/time_entries', '/v2/clients', '/v2/company']) {
      expect((await get(sim, path, { 'Harvest-Account-Id': '999999' })).status).toBe(404)
      expect((await get(sim, path, { 'Harvest-Account-Id': undefined })).status).toBe(401)
    }
    expect((await get(sim, '/v2/clients', { Authorization: 'Bearer nope' })).status).toBe(401)
  })
})

describe('assignment rates', () => {
  it('include null user_assignment hourly rates, in entries and in the records', async () => {
    const { records } = await walk(sim, '/v2/user_assignments', 'user_assignments')
    expect(records.some((r) => r.hourly_rate === null)).toBe(true)
    expect(records.some((r) => typeof r.hourly_rate === 'number')).toBe(true)
    expect(
      sim.entries.some((e) => (e.user_assignment as { hourly_rate: unknown }).hourly_rate === null)
    ).toBe(true)
  })
})
