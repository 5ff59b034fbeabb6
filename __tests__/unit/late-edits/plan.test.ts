import { emptyRecords, renamedRecords, collectEmbedded } from '../../../src/state/embedded.js'
import {
  differingMonths,
  estimateDeletes,
  isMassDelete,
  monthPeriods,
  monthsHolding,
  monthsToProbe,
  sweepSpan,
  unchangedSweepCost,
  updatedSince,
  yearPeriods,
  yearsToSplit
} from '../../../src/late-edits/plan.js'
import type { SyncState } from '../../../src/state/sync-state.js'

function state(days: Record<string, number>): SyncState {
  return {
    version: 1,
    account_id: '1',
    archive_from: '2023-11-15',
    synced_at: '2025-03-30T15:00:00Z',
    days,
    records: emptyRecords()
  }
}

describe('sweep span and periods', () => {
  it('covers archive_from to the day before the window, or nothing', () => {
    expect(sweepSpan('2023-11-15', '2024-12-31')).toMatchObject({
      from: '2023-11-15',
      to: '2024-12-30'
    })
    expect(sweepSpan('2024-12-31', '2024-12-31')).toBeUndefined()
    expect(sweepSpan('2025-01-05', '2024-12-31')).toBeUndefined()
  })

  it('splits the span into clipped years and months', () => {
    const span = sweepSpan('2023-11-15', '2025-01-10')!
    expect(yearPeriods(span)).toEqual([
      { label: '2023', from: '2023-11-15', to: '2023-12-31' },
      { label: '2024', from: '2024-01-01', to: '2024-12-31' },
      { label: '2025', from: '2025-01-01', to: '2025-01-09' }
    ])
    const months = monthPeriods(span)
    expect(months).toHaveLength(15)
    expect(months[0]).toEqual({ label: '2023-11', from: '2023-11-15', to: '2023-11-30' })
    expect(months[3]).toEqual({ label: '2024-02', from: '2024-02-01', to: '2024-02-29' })
    // The month straddling the window start: only its days before the window.
    expect(months.at(-1)).toEqual({ label: '2025-01', from: '2025-01-01', to: '2025-01-09' })
  })

  it('bounds an unchanged sweep at 1 + years + 4 requests', () => {
    expect(unchangedSweepCost(sweepSpan('2023-11-15', '2025-01-10'))).toBe(8)
    expect(unchangedSweepCost(undefined)).toBe(0)
  })

  it('looks back from synced_at by a safety overlap', () => {
    expect(updatedSince('2025-03-30T15:00:00Z')).toBe('2025-03-30T14:55:00Z')
  })

  it('marks the months of the span that updated entries fall in, not the window', () => {
    const span = sweepSpan('2024-01-01', '2024-12-31')!
    expect([
      ...monthsHolding(['2024-03-05', '2024-03-09', '2024-07-01', '2025-01-02', '2023-12-31'], span)
    ]).toEqual(['2024-03', '2024-07'])
  })
})

describe('count probes', () => {
  const span = sweepSpan('2023-01-01', '2025-01-01')!
  const months = monthPeriods(span)
  const years = yearPeriods(span)
  const counts = state({ '20230210': 5, '20240205': 4, '20240310': 6 })

  it('splits only the years whose count differs', () => {
    const result = yearsToSplit(
      [
        { period: years[0], harvest: 5 },
        { period: years[1], harvest: 9 }
      ],
      counts,
      new Map(),
      months
    )
    expect(result.map((year) => year.label)).toEqual(['2024'])
  })

  it("finds a moved entry's old month once its new month was read", () => {
    // One entry moved from 2024-02 to 2024-03: the year's count is unchanged, but 2024-03
    // (listed by updated_since) now holds 7, so the rest of 2024 lacks one.
    const read = new Map([['2024-03', 7]])
    const split = yearsToSplit([{ period: years[1], harvest: 10 }], counts, read, months)
    expect(split.map((year) => year.label)).toEqual(['2024'])
    const probes = monthsToProbe(split[0], months, read)
    expect(probes.map((month) => month.label)).toEqual([
      '2024-01',
      '2024-02',
      '2024-04',
      '2024-05',
      '2024-06',
      '2024-07',
      '2024-08',
      '2024-09',
      '2024-10',
      '2024-11',
      '2024-12'
    ])
    const harvest = probes.map((period) => ({
      period,
      harvest: period.label === '2024-02' ? 3 : 0
    }))
    expect(differingMonths(harvest, counts).map((month) => month.label)).toEqual(['2024-02'])
  })

  it('leaves a year alone when its read months account for the difference', () => {
    const read = new Map([['2024-03', 8]])
    expect(yearsToSplit([{ period: years[1], harvest: 12 }], counts, read, months)).toEqual([])
  })
})

describe('renames', () => {
  it('keeps the embedded names of entries and finds records whose names changed', () => {
    const archived = emptyRecords()
    collectEmbedded(
      [
        {
          client: { id: 5, name: 'ABC Corp', currency: 'USD' },
          project: { id: 7, name: 'Web', code: null },
          task: { id: 9, name: 'Design' },
          user: { id: 11, name: 'Ada Lovelace' }
        }
      ],
      archived
    )
    expect(archived.projects['7']).toEqual({ name: 'Web', code: null })
    expect(
      renamedRecords(
        'clients',
        [{ id: 5, name: 'ABC Corp', currency: 'USD', address: 'x' }],
        archived
      )
    ).toEqual([])
    expect(
      renamedRecords('clients', [{ id: 5, name: 'ABC Corp', currency: 'EUR' }], archived)
    ).toMatchObject([{ kind: 'clients', id: 5, after: { currency: 'EUR' } }])
    expect(renamedRecords('projects', [{ id: 7, name: 'Web', code: 'W1' }], archived)).toHaveLength(
      1
    )
    expect(
      renamedRecords('users', [{ id: 11, first_name: 'Ada', last_name: 'Lovelace' }], archived)
    ).toEqual([])
    expect(
      renamedRecords('users', [{ id: 11, first_name: 'Ada', last_name: 'King' }], archived)
    ).toHaveLength(1)
    // A record no stored entry names is no rename.
    expect(renamedRecords('tasks', [{ id: 99, name: 'New' }], archived)).toEqual([])
  })
})

describe('mass-delete guard', () => {
  it('refuses deleting more than half of the compared entries, and at least 100', () => {
    expect(isMassDelete({ stored: 1000, deleted: 501 }, false)).toBe(true)
    expect(isMassDelete({ stored: 1000, deleted: 500 }, false)).toBe(false)
    expect(isMassDelete({ stored: 150, deleted: 99 }, false)).toBe(false)
    expect(isMassDelete({ stored: 150, deleted: 100 }, false)).toBe(true)
    expect(isMassDelete({ stored: 1000, deleted: 900 }, true)).toBe(false)
  })

  it('estimates deletes per compared period from the counts', () => {
    expect(
      estimateDeletes([
        { stored: 400, harvest: 100 },
        { stored: 50, harvest: 80 }
      ])
    ).toEqual({ stored: 450, deleted: 300 })
  })
})
