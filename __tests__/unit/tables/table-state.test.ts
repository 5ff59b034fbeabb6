import { emptyRecords } from '../../../src/state/embedded.js'
import { nextState, type RunFindings } from '../../../src/state/next-state.js'
import { parseState } from '../../../src/state/parse-state.js'
import { serializeState, type SyncState } from '../../../src/state/sync-state.js'
import { Memory } from '../../../src/state/memory.js'

const KEY = 'harvest/.harvest-s3-export/state.json'

const state = (overrides: Partial<SyncState> = {}): SyncState => ({
  version: 1,
  account_id: '123456',
  archive_from: '2024-01-01',
  synced_at: '2025-03-30T15:00:00Z',
  days: { '20250102': 7 },
  records: emptyRecords(),
  ...overrides
})

const findings = (overrides: Partial<RunFindings> = {}): RunFindings => ({
  accountId: '123456',
  archive: { layout: 'flat', format: 'json' },
  exportedFrom: '2024-12-31',
  dayCounts: new Map(),
  startedAt: 'Sun, 30 Mar 2025 16:00:00 GMT',
  swept: true,
  records: emptyRecords(),
  now: new Date('2025-03-30T16:00:05Z'),
  ...overrides
})

describe("the state's record of what each table was built from", () => {
  it('round-trips, and an old state without it still reads', () => {
    const withTables = state({ tables: { '2025-01': 'f1', '2024-12': 'f0' } })
    const text = serializeState(withTables).toString()
    expect(parseState(text, KEY)).toEqual(withTables)
    expect(Object.keys((JSON.parse(text) as { tables: object }).tables)).toEqual([
      '2024-12',
      '2025-01'
    ])
    expect(parseState(serializeState(state()).toString(), KEY).tables).toBeUndefined()
    expect(serializeState(state()).toString()).not.toContain('"tables"')
  })

  it.each([
    ['a list', [], '"tables" is not an object of months'],
    [
      'a bad month',
      { '2025-13': 'f' },
      '"tables" has the key "2025-13", not a month written YYYY-MM'
    ],
    [
      'a fingerprint that is no text',
      { '2025-01': 4 },
      '"tables"."2025-01" is not a fingerprint (text)'
    ]
  ])('refuses a state whose tables record holds %s', (_, tables, problem) => {
    const raw = JSON.parse(serializeState(state()).toString()) as Record<string, unknown>
    raw.tables = tables
    expect(() => parseState(JSON.stringify(raw), KEY)).toThrow(problem)
  })

  it('a new record is a change worth writing; the same record is not', () => {
    const previous = state({ tables: { '2025-01': 'f1' } })
    const same = nextState(previous, findings({ tables: new Map([['2025-01', 'f1']]) }))
    expect(same.write).toBe(false)
    const next = nextState(previous, findings({ tables: new Map([['2025-02', 'f2']]) }))
    expect(next.write).toBe(true)
    expect(next.state.tables).toEqual({ '2025-01': 'f1', '2025-02': 'f2' })
    const first = nextState(undefined, findings({ tables: new Map([['2025-01', 'f1']]) }))
    expect(first.state.tables).toEqual({ '2025-01': 'f1' })
  })

  it('a run recalls what it recorded itself before what the state holds', () => {
    const memory = new Memory({ '2025-01': 'old' })
    expect(memory.recall('2025-01')).toBe('old')
    expect(memory.recall('2025-02')).toBeUndefined()
    memory.remember('2025-01', 'new')
    expect(memory.recall('2025-01')).toBe('new')
    expect([...memory.updates]).toEqual([['2025-01', 'new']])
  })
})
