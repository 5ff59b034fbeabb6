import { HarvestError, SafetyError } from '../../../src/errors.js'
import { syncStore } from '../../../src/export/sync-store.js'
import type { ExportSettings } from '../../../src/export/types.js'
import type { ExportSummary } from '../../../src/report/summary.js'
import type { TimeEntry } from '../../../src/harvest/types.js'
import { eachDate } from '../../../src/util/calendar.js'
import { parseJson } from '../../support/json.js'
import { MemoryStore } from '../../support/memory-store.js'
import { ScriptedHarvest, entry } from '../../support/scripted-harvest.js'

const NOW = new Date('2025-01-10T12:00:00Z')
const DATES = eachDate('2025-01-01', '2025-01-10')
const key = (date: string) => `p/${date.replaceAll('-', '')}.json`
const file = (entries: TimeEntry[]) => JSON.stringify(entries, null, 2) + '\n'

/** Three entries on each day of the window. */
function account(): TimeEntry[] {
  return DATES.flatMap((date, day) => [1, 2, 3].map((i) => entry(day * 10 + i, date)))
}

function settings(overrides: Partial<ExportSettings> = {}): ExportSettings {
  return {
    window: { daysBack: 9, timeZone: 'UTC' },
    prefix: 'p/',
    format: 'json',
    layout: 'flat',
    changes: false,
    dryRun: false,
    allowEmpty: false,
    ...overrides
  }
}

function run(
  harvest: ScriptedHarvest,
  store: MemoryStore,
  overrides: Partial<ExportSettings> = {},
  tuning: { ranges?: number; concurrency?: number } = {}
): Promise<ExportSummary> {
  const log = { info: () => undefined, warn: () => undefined }
  return syncStore(settings(overrides), {
    harvest,
    store,
    observer: { log },
    now: NOW,
    tuning
  })
}

const statuses = (summary: ExportSummary) =>
  Object.fromEntries(summary.days.map((day) => [day.date, day.status]))

describe('a run over day files', () => {
  it('writes each day once, then leaves an unchanged store alone without a GET or PUT', async () => {
    const store = new MemoryStore()
    const first = await run(new ScriptedHarvest(account()), store)
    expect(first.daysWritten).toBe(10)
    expect(store.text(key('2025-01-04'))).toBe(
      file(account().filter((e) => e.spent_date === '2025-01-04'))
    )
    store.calls.length = 0
    const again = await run(new ScriptedHarvest(account()), store)
    expect(again).toMatchObject({ daysWritten: 0, daysUnchanged: 10, objectsWritten: [] })
    expect(store.calls.map((call) => call.call)).toEqual(['list'])
  })

  it('reads and rewrites only the day whose entries changed', async () => {
    const store = new MemoryStore()
    await run(new ScriptedHarvest(account()), store)
    const edited = account().map((e) => (e.id === 42 ? { ...e, notes: 'edited' } : e))
    store.calls.length = 0
    const summary = await run(new ScriptedHarvest(edited), store)
    expect(summary).toMatchObject({ daysWritten: 1, updated: 1, added: 0, deleted: 0 })
    expect(statuses(summary)['2025-01-05']).toBe('written')
    expect(store.calls.filter((call) => call.call !== 'list')).toEqual([
      { call: 'get', key: key('2025-01-05') },
      { call: 'put', key: key('2025-01-05') }
    ])
  })

  it('counts an entry moved between two days as one update', async () => {
    const store = new MemoryStore()
    await run(new ScriptedHarvest(account()), store)
    const moved = account().map((e) => (e.id === 12 ? { ...e, spent_date: '2025-01-07' } : e))
    const summary = await run(new ScriptedHarvest(moved), store)
    expect(summary).toMatchObject({ daysWritten: 2, added: 0, updated: 1, deleted: 0 })
    expect(summary.days.find((day) => day.date === '2025-01-02')?.movedOut).toBe(1)
  })

  it('counts a day whose PUT reply was lost as written, with its changes against the pre-run store', async () => {
    const clean = await run(new ScriptedHarvest(account()), new MemoryStore(), { changes: true })
    const store = new MemoryStore()
    const lost = [key('2025-01-02'), key('2025-01-05'), key('2025-01-09')]
    store.loseReply = (target) => lost.includes(target)
    const summary = await run(new ScriptedHarvest(account()), store, { changes: true })
    expect(summary).toMatchObject({ daysWritten: 10, added: 30 })
    expect(summary.daysWritten).toBe(clean.daysWritten)
    expect(summary.added).toBe(clean.added)
    for (const target of lost) expect(summary.objectsWritten).toContain(target)
    const logs = [...store.objects.keys()].filter((name) => name.startsWith('p/changes/'))
    expect(logs).toHaveLength(1)
    const logged = JSON.parse(store.text(logs[0])!) as Array<{ id: number }>
    expect(logged.map((item) => item.id).sort((a, b) => a - b)).toEqual(
      account()
        .map((e) => e.id)
        .sort((a, b) => a - b)
    )
  })

  it('decides again against the other writer’s bytes after losing a race', async () => {
    const store = new MemoryStore()
    await run(new ScriptedHarvest(account()), store)
    const edited = account().map((e) => (e.id === 42 ? { ...e, notes: 'edited' } : e))
    let raced = false
    store.beforePut = (target) => {
      if (raced || target !== key('2025-01-05')) return
      raced = true
      // Another export writes the day between this run's read and its write, adding an entry.
      store.seed(
        target,
        file([...account().filter((e) => e.spent_date === '2025-01-05'), entry(77, '2025-01-05')])
      )
    }
    const summary = await run(new ScriptedHarvest(edited), store)
    expect(raced).toBe(true)
    expect(store.text(key('2025-01-05'))).toBe(
      file(edited.filter((e) => e.spent_date === '2025-01-05'))
    )
    // Measured against what the other writer left: one entry updated, its extra one deleted.
    expect(summary).toMatchObject({ daysWritten: 1, updated: 1, deleted: 1 })
    expect(store.count('put')).toBe(1 + 10 + 1)
  })

  it('refuses to empty a stored window when Harvest returns nothing, and writes nothing', async () => {
    const store = new MemoryStore()
    await run(new ScriptedHarvest(account()), store)
    const before = new Map([...store.objects].map(([k, v]) => [k, v.body.toString()]))
    store.calls.length = 0
    const failure = run(new ScriptedHarvest([]), store)
    await expect(failure).rejects.toBeInstanceOf(SafetyError)
    await expect(failure).rejects.toThrow(
      'Harvest returned no entries for 2025-01-01..2025-01-10, but 10 stored day files in that window hold entries, so nothing was overwritten'
    )
    expect(store.count('put')).toBe(0)
    expect(new Map([...store.objects].map(([k, v]) => [k, v.body.toString()]))).toEqual(before)
  })

  it('empties the stored days of an empty window with allow-empty', async () => {
    const store = new MemoryStore()
    await run(new ScriptedHarvest(account()), store)
    const summary = await run(new ScriptedHarvest([]), store, { allowEmpty: true })
    expect(summary).toMatchObject({ daysWritten: 10, daysEmptied: 10, deleted: 30 })
    expect(store.text(key('2025-01-01'))).toBe('[]\n')
  })

  it('writes a held-back empty day once a later range brings entries', async () => {
    const store = new MemoryStore()
    await run(new ScriptedHarvest(account()), store)
    // Ranges are read newest first, one at a time: 06..10 (now empty) before 01..05.
    const older = account().filter((e) => e.spent_date <= '2025-01-05')
    const summary = await run(new ScriptedHarvest(older), store, {}, { ranges: 2, concurrency: 1 })
    expect(summary).toMatchObject({ daysEmptied: 5, daysUnchanged: 5, deleted: 15 })
    expect(statuses(summary)['2025-01-08']).toBe('emptied')
    expect(store.text(key('2025-01-08'))).toBe('[]\n')
  })

  it('leaves held-back empty days untouched when the run fails before any entry arrived', async () => {
    const store = new MemoryStore()
    await run(new ScriptedHarvest(account()), store)
    const harvest = new ScriptedHarvest(account().filter((e) => e.spent_date <= '2025-01-05'))
    harvest.fail = (request) => (request.to === '2025-01-05' ? new HarvestError('down') : undefined)
    const failure = run(harvest, store, {}, { ranges: 2, concurrency: 1 })
    await expect(failure).rejects.toThrow(
      'down\n10 days (2025-01-01..2025-01-10) were not refreshed; their stored files are untouched.'
    )
    expect(store.text(key('2025-01-08'))).toBe(
      file(account().filter((e) => e.spent_date === '2025-01-08'))
    )
  })

  it('writes nothing in a dry run but reports what it would write', async () => {
    const store = new MemoryStore()
    const summary = await run(new ScriptedHarvest(account()), store, {
      dryRun: true,
      latestKey: 'latest.json'
    })
    expect(store.count('put')).toBe(0)
    expect(summary.objectsWritten).toEqual([...DATES.map(key), 'p/latest.json'])
  })

  it('writes the change log of a run with changes', async () => {
    const store = new MemoryStore()
    await run(new ScriptedHarvest(account()), store)
    const changed = [...account().filter((e) => e.id !== 11), entry(500, '2025-01-09')]
    await run(new ScriptedHarvest(changed), store, { changes: true })
    const logs = [...store.objects.keys()].filter((k) => k.startsWith('p/changes/')).sort()
    expect(logs).toEqual([
      'p/changes/deleted/20250110-deleted-120000.json',
      'p/changes/new/20250110-new-120000.json'
    ])
    expect(parseJson<TimeEntry[]>(store.text(logs[1])!).map((e) => e.id)).toEqual([500])
  })
})

describe('a run in the snapshot layout', () => {
  const snapshot = { layout: 'snapshot' as const }
  const whole = (entries: TimeEntry[]) => file(entries)

  it('counts changes against the newest earlier snapshot when the run date has none', async () => {
    const store = new MemoryStore()
    const yesterday = account().filter((e) => e.id !== 91)
    store.seed('p/20250109.json', whole(yesterday))
    const summary = await run(new ScriptedHarvest(account()), store, snapshot)
    expect(summary).toMatchObject({ added: 1, daysWritten: 1, daysUnchanged: 9 })
    expect(statuses(summary)['2025-01-10']).toBe('written')
    expect(store.text('p/20250110.json')).toBe(whole(account()))
  })

  it('falls back to the latest-key file, and leaves an unchanged snapshot alone', async () => {
    const store = new MemoryStore()
    store.seed('p/latest.json', whole(account().filter((e) => e.id !== 1)))
    const first = await run(new ScriptedHarvest(account()), store, {
      ...snapshot,
      latestKey: 'latest.json'
    })
    expect(first).toMatchObject({ added: 1, daysWritten: 1 })
    expect(store.text('p/latest.json')).toBe(whole(account()))
    store.calls.length = 0
    const again = await run(new ScriptedHarvest(account()), store, {
      ...snapshot,
      latestKey: 'latest.json'
    })
    expect(again).toMatchObject({ daysUnchanged: 10, objectsWritten: [] })
    expect(store.count('put') + store.count('get')).toBe(0)
  })

  it('refuses an empty window over a stored snapshot unless allow-empty', async () => {
    const store = new MemoryStore()
    store.seed('p/20250110.json', whole(account()))
    await expect(run(new ScriptedHarvest([]), store, snapshot)).rejects.toThrow(
      'but the stored snapshot holds 30 entries for it, so nothing was overwritten'
    )
    expect(store.text('p/20250110.json')).toBe(whole(account()))
    const summary = await run(new ScriptedHarvest([]), store, { ...snapshot, allowEmpty: true })
    expect(summary).toMatchObject({ deleted: 30, daysEmptied: 10 })
    expect(store.text('p/20250110.json')).toBe('[]\n')
  })
})
