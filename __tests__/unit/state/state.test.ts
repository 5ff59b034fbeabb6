import { emptyRecords } from '../../../src/state/embedded.js'
import {
  SYNCED_AT_STEP_MS,
  nextState,
  storedCount,
  type RunFindings
} from '../../../src/state/next-state.js'
import { parseState } from '../../../src/state/parse-state.js'
import { serializeState, stateKey, type SyncState } from '../../../src/state/sync-state.js'

const KEY = 'harvest/.harvest-s3-export/state.json'

function state(overrides: Partial<SyncState> = {}): SyncState {
  return {
    version: 1,
    account_id: '123456',
    archive_from: '2024-01-01',
    synced_at: '2025-03-30T15:00:00Z',
    days: { '20240105': 3, '20250102': 7 },
    records: {
      ...emptyRecords(),
      clients: { '5735774': { name: 'ABC Corp', currency: 'USD' } }
    },
    ...overrides
  }
}

function findings(overrides: Partial<RunFindings> = {}): RunFindings {
  return {
    accountId: '123456',
    archive: { layout: 'flat', format: 'json' },
    exportedFrom: '2024-12-31',
    dayCounts: new Map(),
    startedAt: 'Mon, 31 Mar 2025 15:00:00 GMT',
    swept: true,
    records: emptyRecords(),
    now: new Date('2025-03-31T15:00:05Z'),
    ...overrides
  }
}

describe('state object', () => {
  it('lives beside the day files under the prefix', () => {
    expect(stateKey('harvest/')).toBe(KEY)
    expect(stateKey('')).toBe('.harvest-s3-export/state.json')
  })

  it('round-trips through its serialization byte for byte', () => {
    const text = serializeState(state()).toString()
    expect(serializeState(parseState(text, KEY)).toString()).toBe(text)
    expect(JSON.parse(text)).toMatchObject({ version: 1, account_id: '123456' })
  })

  it('serializes the same state to the same bytes whatever the insertion order', () => {
    const a = state({ days: { '20250102': 7, '20240105': 3 } })
    const b = state({ days: { '20240105': 3, '20250102': 7 } })
    a.records.projects = { '20': { name: 'B', code: null }, '3': { code: 'X', name: 'A' } }
    b.records.projects = { '3': { name: 'A', code: 'X' }, '20': { code: null, name: 'B' } }
    expect(serializeState(a).equals(serializeState(b))).toBe(true)
    const text = serializeState(a).toString()
    expect(text.indexOf('"3"')).toBeLessThan(text.indexOf('"20"'))
    expect(text.endsWith('}\n')).toBe(true)
  })

  it.each([
    ['it is not JSON', 'not json'],
    ['it is not a JSON object', '[]'],
    [
      '"version" is 2, this release reads version 1 (it was written by a newer release: upgrade)',
      JSON.stringify({ ...state(), version: 2 })
    ],
    ['"version" is undefined', JSON.stringify({ ...state(), version: undefined })],
    ['"account_id"', JSON.stringify({ ...state(), account_id: 'abc' })],
    ['"archive_from"', JSON.stringify({ ...state(), archive_from: '2024-02-30' })],
    ['"synced_at"', JSON.stringify({ ...state(), synced_at: 'yesterday' })],
    ['"days" is not an object', JSON.stringify({ ...state(), days: [] })],
    ['"days" has the key "2024-01-05"', JSON.stringify({ ...state(), days: { '2024-01-05': 3 } })],
    ['"days"."20240105" is -1', JSON.stringify({ ...state(), days: { '20240105': -1 } })],
    [
      '"records"."clients" has an entry "x"',
      JSON.stringify({ ...state(), records: { clients: { x: {} } } })
    ],
    [
      '"records"."users"."1"."name" is not text',
      JSON.stringify({ ...state(), records: { users: { '1': { name: 5 } } } })
    ]
  ])('refuses a malformed state, naming the key and the field: %s', (problem, text) => {
    expect(() => parseState(text, KEY)).toThrow(
      `The state object ${KEY} cannot be used: ${problem}`
    )
  })

  it('accepts a numeric account id and leaves out days with no entries', () => {
    const parsed = parseState(
      JSON.stringify({ ...state(), account_id: 123456, days: { '20240105': 0, '20240106': 2 } }),
      KEY
    )
    expect(parsed.account_id).toBe('123456')
    expect(parsed.days).toEqual({ '20240106': 2 })
  })
})

describe('nextState', () => {
  it("records a first state with the window days and Harvest's clock", () => {
    const { state: next, write } = nextState(
      undefined,
      findings({
        dayCounts: new Map([
          ['2025-03-01', 4],
          ['2025-03-02', 0]
        ]),
        swept: false
      })
    )
    expect(write).toBe(true)
    expect(next).toMatchObject({
      account_id: '123456',
      archive_from: '2024-12-31',
      synced_at: '2025-03-31T15:00:00Z',
      days: { '20250301': 4 }
    })
  })

  it('falls back to a day before the local clock without a Date header', () => {
    const { state: next } = nextState(undefined, findings({ startedAt: undefined }))
    expect(next.synced_at).toBe('2025-03-30T15:00:05Z')
  })

  it('does not rewrite an unchanged state when synced_at would move by less than 24 h', () => {
    const previous = state()
    const { state: next, write } = nextState(
      previous,
      findings({ dayCounts: new Map([['2025-01-02', 7]]) })
    )
    expect(write).toBe(false)
    expect(next).toBe(previous)
  })

  it('moves synced_at once it would move by more than 24 h', () => {
    const previous = state()
    const later = new Date(Date.parse(previous.synced_at) + SYNCED_AT_STEP_MS + 1000).toUTCString()
    const { state: next, write } = nextState(previous, findings({ startedAt: later }))
    expect(write).toBe(true)
    expect(next.synced_at).toBe('2025-03-31T15:00:01Z')
  })

  it('rewrites with the new synced_at when a count changed', () => {
    const { state: next, write } = nextState(
      state(),
      findings({
        dayCounts: new Map([
          ['2025-01-02', 6],
          ['2024-01-05', 0]
        ])
      })
    )
    expect(write).toBe(true)
    expect(next.days).toEqual({ '20250102': 6 })
    expect(next.synced_at).toBe('2025-03-31T15:00:00Z')
  })

  it('keeps synced_at on a run that did not sweep, and moves archive_from back for a backfill', () => {
    const { state: next, write } = nextState(
      state(),
      findings({
        exportedFrom: '2023-06-01',
        swept: false,
        dayCounts: new Map([['2023-06-01', 2]])
      })
    )
    expect(write).toBe(true)
    expect(next.archive_from).toBe('2023-06-01')
    expect(next.synced_at).toBe('2025-03-30T15:00:00Z')
    expect(next.days['20230601']).toBe(2)
  })

  it('never moves archive_from forward or synced_at back', () => {
    const { state: next } = nextState(
      state({ days: {} }),
      findings({
        exportedFrom: '2025-01-01',
        startedAt: 'Sun, 30 Mar 2025 10:00:00 GMT',
        dayCounts: new Map([['2025-01-01', 1]])
      })
    )
    expect(next.archive_from).toBe('2024-01-01')
    expect(next.synced_at).toBe('2025-03-30T15:00:00Z')
  })

  it('adds records it did not know, and replaces names only for renames the sweep brought in', () => {
    const records = emptyRecords()
    records.clients['5735774'] = { name: 'ABC Inc', currency: 'USD' }
    records.clients['9'] = { name: 'New', currency: 'EUR' }
    const read = nextState(state(), findings({ records })).state
    expect(read.records.clients['5735774'].name).toBe('ABC Corp')
    expect(read.records.clients['9'].name).toBe('New')
    const renamed = emptyRecords()
    renamed.clients['5735774'] = { name: 'ABC Inc', currency: 'USD' }
    const swept = nextState(state(), findings({ records, renamed })).state
    expect(swept.records.clients['5735774'].name).toBe('ABC Inc')
  })

  it('records day files only when the run wrote one, and forgets the days it says to', () => {
    const file = (n: number) => ({ etag: `"e${n}"`, madeFrom: `json:s${n}` })
    const previous = state({ files: { '20250102': file(1), '20250103': file(2) } })
    const learned = new Map([
      ['2025-01-02', file(3)],
      ['2025-01-03', undefined]
    ])
    // Records alone (days found unchanged the long way) do not make a write.
    const quiet = nextState(previous, findings({ files: learned, wroteObjects: false }))
    expect(quiet).toEqual({ state: previous, write: false })
    const { state: next, write } = nextState(
      previous,
      findings({ files: learned, wroteObjects: true })
    )
    expect(write).toBe(true)
    expect(next.files).toEqual({ '20250102': file(3) })
    expect(nextState(undefined, findings({ files: learned })).state.files).toEqual({
      '20250102': file(3)
    })
  })

  it('reads day file records leniently and leaves them out of the bytes when there are none', () => {
    const withFiles = state({ files: { '20250102': { etag: '"e"', madeFrom: 'json:s' } } })
    const text = serializeState(withFiles).toString()
    expect(parseState(text, KEY)).toEqual(withFiles)
    const raw = JSON.parse(text) as Record<string, unknown>
    expect(raw.files).toEqual({ '20250102': { etag: '"e"', made_from: 'json:s' } })
    raw.files = { '20250102': { etag: '"e"', made_from: 'json:s' }, x: {}, '20250103': 'no' }
    expect(parseState(JSON.stringify(raw), KEY).files).toEqual(withFiles.files)
    raw.files = 'not an object'
    expect(parseState(JSON.stringify(raw), KEY).files).toBeUndefined()
    expect(serializeState(state({ files: {} })).equals(serializeState(state()))).toBe(true)
    expect(serializeState(state()).toString()).not.toContain('"files"')
  })

  it('records the reads of a run that wrote, replacing the last ones, and reads them leniently', () => {
    const read = (n: number) => ({
      pages: `p${n}`,
      days: { '20250102': [n, 1.5, `d${n}`] as [number, number, string] }
    })
    const previous = state({
      reads: { '20250101-20250105': read(1), '20250106-20250110': read(2) }
    })
    const learned = new Map([['20250101-20250104', read(3)]])
    expect(nextState(previous, findings({ reads: learned, wroteObjects: false }))).toEqual({
      state: previous,
      write: false
    })
    const next = nextState(previous, findings({ reads: learned, wroteObjects: true }))
    expect(next.write).toBe(true)
    expect(next.state.reads).toEqual({ '20250101-20250104': read(3) })
    // A run that read nothing (no range) keeps what the last one recorded.
    expect(nextState(previous, findings({ wroteObjects: true })).state.reads).toEqual(
      previous.reads
    )

    const text = serializeState(next.state).toString()
    expect(parseState(text, KEY).reads).toEqual(next.state.reads)
    const raw = JSON.parse(text) as Record<string, Record<string, unknown>>
    raw.reads = {
      ...raw.reads,
      '20250105-20250101': read(4),
      '20250101-20250102': { pages: 'p', days: { '20250103': [1, 1, 'd'] } },
      '20250101-20250103': { pages: 'p', days: { '20250102': [0, 1, 'd'] } },
      '20250101-20250109': { pages: 'p', days: { '20250102': [1, 'x', 'd'] } },
      '20250201-20250202': 'no'
    }
    expect(parseState(JSON.stringify(raw), KEY).reads).toEqual(next.state.reads)
    raw.reads = [] as never
    expect(parseState(JSON.stringify(raw), KEY).reads).toBeUndefined()
    expect(serializeState(state()).toString()).not.toContain('"reads"')
  })

  it('counts what the state holds for a period', () => {
    expect(storedCount(state(), '2024-01-01', '2024-12-31')).toBe(3)
    expect(storedCount(state(), '2024-01-05', '2025-01-02')).toBe(10)
    expect(storedCount(state(), '2024-01-06', '2025-01-01')).toBe(0)
  })
})
