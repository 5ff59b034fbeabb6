import { dayKey, type Layout } from '../../../src/export/layout.js'
import { serializeEntries, type Format } from '../../../src/export/serialize.js'
import type { TimeEntry } from '../../../src/harvest/types.js'
import {
  serializeState,
  stateKey,
  STATE_VERSION,
  type SyncState
} from '../../../src/state/sync-state.js'
import { emptyRecords } from '../../../src/state/embedded.js'
import { sha256Hex } from '../../../src/util/hash.js'
import { verifyArchive } from '../../../src/verify/verify.js'
import { MemoryStore } from '../../support/memory-store.js'

const entry = (id: number, day: string): TimeEntry => ({
  id,
  spent_date: day,
  created_at: `${day}T09:00:00Z`,
  hours: 1
})
const DAYS: Record<string, TimeEntry[]> = {
  '2024-12-30': [entry(1, '2024-12-30'), entry(2, '2024-12-30')],
  '2025-01-02': [entry(3, '2025-01-02')]
}

/** An archive as the exporter leaves it, and Harvest's counts to match (or not). */
function archive(layout: Layout, format: Format, account = '42') {
  const store = new MemoryStore()
  const scheme = { prefix: 'p/', layout, format }
  for (const [day, entries] of Object.entries(DAYS)) {
    const body = serializeEntries(entries, format)
    store.seed(dayKey(scheme, day), body, sha256Hex(body))
  }
  const state: SyncState = {
    version: STATE_VERSION,
    account_id: account,
    ...(layout !== 'snapshot' && { layout }),
    format,
    archive_from: '2024-12-01',
    synced_at: '2025-01-03T00:00:00Z',
    days: { '20241230': 2, '20250102': 1 },
    records: emptyRecords()
  }
  store.seed(stateKey('p/'), serializeState(state))
  return { store, scheme }
}

const harvest = (extra: Record<string, number> = {}) => {
  const probes: string[] = []
  const perDay: Record<string, number> = { '2024-12-30': 2, '2025-01-02': 1, ...extra }
  return {
    probes,
    countEntries: (from: string, to: string) => {
      probes.push(`${from}..${to}`)
      return Promise.resolve(
        Object.entries(perDay)
          .filter(([day]) => day >= from && day <= to)
          .reduce((sum, [, count]) => sum + count, 0)
      )
    }
  }
}

describe('verifying an archive (engine, in memory)', () => {
  it.each<[Layout, Format]>([
    ['flat', 'json'],
    ['hive', 'ndjson']
  ])(
    'finds a whole %s/%s archive whole, reading each object once and writing none',
    async (layout, format) => {
      const { store, scheme } = archive(layout, format)
      const counts = harvest()
      const report = await verifyArchive({ ...scheme, accountId: '42' }, { store, harvest: counts })
      expect(report).toMatchObject({
        problems: [],
        daysChecked: 2,
        entries: 3,
        from: '2024-12-01',
        to: '2025-01-02',
        repairs: []
      })
      expect(counts.probes).toEqual(['2024-12-01..2024-12-31', '2025-01-01..2025-01-02'])
      expect([store.count('list'), store.count('get'), store.count('put')]).toEqual([1, 3, 0])
    }
  )

  it('refuses a snapshot layout, another account and another shape before reading a day file', async () => {
    const { store, scheme } = archive('flat', 'json')
    const counts = harvest()
    const run = (settings: Partial<typeof scheme & { accountId: string }>) =>
      verifyArchive({ ...scheme, accountId: '42', ...settings }, { store, harvest: counts })
    await expect(run({ layout: 'snapshot' })).rejects.toThrow(/flat or hive, not snapshot/)
    await expect(run({ accountId: '7' })).rejects.toThrow(/belongs to Harvest account 42/)
    await expect(run({ layout: 'hive' })).rejects.toThrow(/is flat\/json .* not hive\/json/)
    await expect(run({ prefix: 'q/' })).rejects.toThrow(/No archive under memory:\/\/q\//)
    expect(store.calls.filter((c) => c.call === 'get' && c.key !== stateKey('p/'))).toEqual([])
    expect(counts.probes).toEqual([])
  })

  it('reports a state that does not parse, and goes on with the day files', async () => {
    const { store, scheme } = archive('flat', 'json')
    store.seed(stateKey('p/'), '{"version": 1')
    const report = await verifyArchive(
      { ...scheme, accountId: '42' },
      { store, harvest: harvest() }
    )
    expect(report.problems).toEqual([
      { kind: 'state', key: stateKey('p/'), detail: 'it is not JSON' }
    ])
    expect(report.daysChecked).toBe(2)
    expect(report.repairs).toEqual([{ kind: 'restore', keys: [stateKey('p/')] }])
  })
})
