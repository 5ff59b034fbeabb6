import { ChangeLedger, diffEntries } from '../../../src/export/changes.js'
import type { TimeEntry } from '../../../src/harvest/types.js'

describe('change ledger', () => {
  const entry = (id: number, spent_date: string, notes = ''): TimeEntry => ({
    id,
    spent_date,
    created_at: '2025-01-01T00:00:00Z',
    notes
  })

  it('counts a move between two days of the window as one update', () => {
    const ledger = new ChangeLedger(true)
    ledger.record(
      '2025-01-01',
      diffEntries(
        [entry(1, '2025-01-01'), entry(2, '2025-01-01')],
        [entry(2, '2025-01-01', 'edited')]
      )
    )
    ledger.record('2025-01-02', diffEntries([], [entry(1, '2025-01-02'), entry(3, '2025-01-02')]))
    const settled = ledger.settle()
    expect(settled.totals).toEqual({ added: 1, updated: 2, deleted: 0 })
    expect(settled.byDate.get('2025-01-01')).toEqual({
      added: 0,
      updated: 1,
      deleted: 0,
      movedOut: 1
    })
    expect(settled.byDate.get('2025-01-02')).toEqual({
      added: 1,
      updated: 1,
      deleted: 0,
      movedOut: 0
    })
    expect(settled.log.updated.map((item) => item.id).sort()).toEqual([1, 2])
    expect(settled.log.new.map((item) => item.id)).toEqual([3])
  })

  it('ignores key order when comparing entries', () => {
    expect(
      diffEntries(
        [{ id: 1, spent_date: 'd', created_at: 'c' }],
        [{ created_at: 'c', spent_date: 'd', id: 1 }]
      ).updated
    ).toEqual([])
  })

  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['a nested field', { project: { id: 1, name: 'Old' } }, { project: { id: 1, name: 'New' } }],
    ['a field added', { notes: null }, { notes: null, hours: 1 }],
    ['an array element', { tags: [1, 2] }, { tags: [1, 3] }],
    ['null against an object', { invoice: null }, { invoice: { id: 1 } }],
    ['a number against its string', { hours: 1 }, { hours: '1' }]
  ])('counts %s as an update', (_name, before, after) => {
    const base = { id: 1, spent_date: 'd', created_at: 'c' }
    const diff = diffEntries([{ ...base, ...before }], [{ ...base, ...after }])
    expect(diff.updated.map((entry) => entry.id)).toEqual([1])
  })
})
