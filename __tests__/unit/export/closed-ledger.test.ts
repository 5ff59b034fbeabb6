import { ChangeLedger, UNSTORED_ADDED_KEPT, diffEntries } from '../../../src/export/changes.js'
import type { TimeEntry } from '../../../src/harvest/types.js'

const entry = (id: number, spent_date: string, fields: Partial<TimeEntry> = {}): TimeEntry => ({
  id,
  spent_date,
  created_at: '2025-01-01T00:00:00Z',
  hours: 2,
  ...fields
})
const locked = (id: number, spent_date: string, fields: Partial<TimeEntry> = {}) =>
  entry(id, spent_date, { is_locked: true, ...fields })

/** New entries on days nobody had logged: a first run into an empty prefix. */
function firstRun(ledger: ChangeLedger, count: number, from = 1000): void {
  const days = new Map<string, TimeEntry[]>()
  for (let index = 0; index < count; index++) {
    const date = `2025-02-${String(1 + (index % 28)).padStart(2, '0')}`
    days.set(date, [...(days.get(date) ?? []), entry(from + index, date)])
  }
  for (const [date, entries] of days) ledger.record(date, diffEntries([], entries))
}

describe('change ledger: changes to closed time', () => {
  it('judges an update against its stored version on the same day', () => {
    const ledger = new ChangeLedger(false)
    ledger.record(
      '2025-01-02',
      diffEntries(
        [locked(1, '2025-01-02'), entry(2, '2025-01-02')],
        [locked(1, '2025-01-02', { hours: 3 }), entry(2, '2025-01-02', { hours: 5 })]
      )
    )
    const { closed } = ledger.settle()
    expect(closed.map((change) => [change.id, change.change])).toEqual([[1, 'hours 2 -> 3']])
  })

  it('pairs a closed delete with its new day, whichever day is recorded first', () => {
    for (const order of ['delete first', 'add first']) {
      const ledger = new ChangeLedger(false)
      const deleteDay = () =>
        ledger.record('2025-01-02', diffEntries([locked(1, '2025-01-02')], []))
      const addDay = () =>
        ledger.record('2025-01-09', diffEntries([], [entry(1, '2025-01-09', { hours: 2 })]))
      if (order === 'delete first') {
        deleteDay()
        addDay()
      } else {
        addDay()
        deleteDay()
      }
      const { closed, totals } = ledger.settle()
      expect([order, totals]).toEqual([order, { added: 0, updated: 1, deleted: 0 }])
      expect(closed).toEqual([
        {
          id: 1,
          spent_date: '2025-01-02',
          change: 'moved 2025-01-02 -> 2025-01-09',
          before: locked(1, '2025-01-02'),
          after: entry(1, '2025-01-09')
        }
      ])
    }
  })

  it('reports a closed entry gone from Harvest as deleted, and ignores open deletes', () => {
    const ledger = new ChangeLedger(false)
    ledger.record(
      '2025-01-02',
      diffEntries(
        [locked(1, '2025-01-02', { invoice: { id: 9, number: '77' } }), entry(2, '2025-01-02')],
        []
      )
    )
    const { closed } = ledger.settle()
    expect(closed.map((change) => [change.id, change.change, change.after])).toEqual([
      [1, 'deleted', null]
    ])
  })

  it('past its bound on new days, still reports a move, its after reduced to id and day', () => {
    const ledger = new ChangeLedger(false)
    firstRun(ledger, UNSTORED_ADDED_KEPT)
    // Moved after the bound into a day that held nothing, its delete recorded later.
    ledger.record('2025-03-05', diffEntries([], [entry(1, '2025-03-05')]))
    // Moved into a day whose stored file held entries: kept whole whatever the bound.
    ledger.record(
      '2025-03-06',
      diffEntries([entry(5, '2025-03-06')], [entry(5, '2025-03-06'), entry(2, '2025-03-06')])
    )
    ledger.record('2025-01-02', diffEntries([locked(1, '2025-01-02'), locked(2, '2025-01-02')], []))
    const { closed } = ledger.settle()
    expect(closed.map((change) => [change.id, change.change, change.after])).toEqual([
      [
        1,
        'moved 2025-01-02 -> 2025-03-05',
        { id: 1, spent_date: '2025-03-05', created_at: '2025-01-01T00:00:00Z' }
      ],
      [2, 'moved 2025-01-02 -> 2025-03-06', entry(2, '2025-03-06')]
    ])
  })

  it('a first run into an empty prefix reports nothing', () => {
    const ledger = new ChangeLedger(false)
    firstRun(ledger, 200)
    const settled = ledger.settle()
    expect(settled.totals.added).toBe(200)
    expect(settled.closed).toEqual([])
  })
})
