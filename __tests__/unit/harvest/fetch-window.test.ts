import { HarvestError } from '../../../src/errors.js'
import { readRange } from '../../../src/harvest/completeness.js'
import { fetchWindow, type FetchWindowOptions } from '../../../src/harvest/fetch-window.js'
import type { DaysRead, TimeEntry } from '../../../src/harvest/types.js'
import { eachDate } from '../../../src/util/calendar.js'
import { ScriptedHarvest, entry } from '../../support/scripted-harvest.js'

const FROM = '2025-01-01'
const TO = '2025-01-10'
const PLAN = { concurrency: 4, pagesPerRange: 8 }

/** 30 entries on each day of the window: 300 in all, three pages of 100. */
function entries(): TimeEntry[] {
  return eachDate(FROM, TO).flatMap((date, day) =>
    Array.from({ length: 30 }, (_, i) => entry(day * 100 + i + 1, date))
  )
}

/** Reads the window; `ranges` fills as each range is handed over, also when the read fails. */
function reading(
  harvest: ScriptedHarvest,
  options: Partial<FetchWindowOptions> = {}
): { ranges: DaysRead[]; done: Promise<void> } {
  const ranges: DaysRead[] = []
  const onRange = (range: DaysRead) => {
    ranges.push(range)
    return Promise.resolve()
  }
  const done = fetchWindow({ pages: harvest, from: FROM, to: TO, plan: PLAN, onRange, ...options })
  return { ranges, done }
}

async function read(harvest: ScriptedHarvest): Promise<DaysRead[]> {
  const { ranges, done } = reading(harvest)
  await done
  return ranges
}

const spans = (ranges: DaysRead[]) => ranges.map((r) => `${r.from}..${r.to}:${r.entries.length}`)

describe('reading a window', () => {
  it('settles a window that fits one page with one request', async () => {
    const harvest = new ScriptedHarvest(entries(), 2000)
    expect(spans(await read(harvest))).toEqual([`${FROM}..${TO}:300`])
    expect(harvest.requests).toBe(1)
  })

  it('takes the newest days from the first page once the older totals balance', async () => {
    const harvest = new ScriptedHarvest(entries())
    const ranges = await read(harvest)
    // Page one holds days 10, 9, 8 whole and part of day 7: the newest three are not read again.
    expect(spans(ranges)).toEqual(['2025-01-08..2025-01-10:90', '2025-01-01..2025-01-07:210'])
    expect(harvest.log.filter((request) => request.to === TO)).toHaveLength(1)
    expect(harvest.requests).toBe(1 + 3)
  })

  it('reads the newest days again when an entry arrived between the probe and the older walk', async () => {
    const harvest = new ScriptedHarvest(entries())
    harvest.fail = (request) => {
      if (request.from === FROM && request.to === '2025-01-07' && request.page === 1)
        harvest.entries.push(entry(9999, '2025-01-03'))
      return undefined
    }
    const ranges = await read(harvest)
    expect(spans(ranges)).toEqual(['2025-01-01..2025-01-07:211', '2025-01-08..2025-01-10:90'])
    expect(harvest.log.filter((request) => request.from === '2025-01-08')).toHaveLength(1)
  })

  it('still reads the newest days when an older range fails, then reports the failure', async () => {
    const harvest = new ScriptedHarvest(entries())
    harvest.fail = (request) =>
      request.from === FROM && request.to !== TO ? new HarvestError('older days down') : undefined
    const { ranges, done } = reading(harvest)
    await expect(done).rejects.toThrow('older days down')
    expect(spans(ranges)).toEqual(['2025-01-08..2025-01-10:90'])
  })

  it('starts no range once stopped, and says why', async () => {
    const harvest = new ScriptedHarvest(entries())
    const stop = new AbortController()
    stop.abort(new HarvestError('time is up'))
    const { ranges, done } = reading(harvest, { plan: { ...PLAN, ranges: 3 }, stop: stop.signal })
    await expect(done).rejects.toThrow('time is up')
    expect(ranges).toEqual([])
    expect(harvest.requests).toBe(0)
  })
})

describe('complete reads', () => {
  it('walks a range again when its total moved during the walk', async () => {
    const harvest = new ScriptedHarvest(entries())
    let edited = false
    harvest.fail = (request) => {
      if (request.page === 2 && !edited) {
        edited = true
        harvest.entries.push(entry(9999, '2025-01-05'))
      }
      return undefined
    }
    const range = await readRange(harvest, FROM, TO)
    expect(range.entries).toHaveLength(301)
    expect(new Set(range.entries.map((item) => item.id)).size).toBe(301)
  })

  it('refuses a range whose count never adds up', async () => {
    const harvest = new ScriptedHarvest(entries())
    harvest.entries.push(entry(1, '2025-01-02'))
    await expect(readRange(harvest, FROM, TO)).rejects.toThrow(
      "Harvest's time entries for 2025-01-01..2025-01-10 could not be read completely: entry 1 was returned twice."
    )
  })
})
