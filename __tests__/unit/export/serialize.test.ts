import type { TimeEntry } from '../../../src/harvest/types.js'
import { parseEntries, serializeEntries, sortEntries } from '../../../src/export/serialize.js'
import { dateOfKey, dayKey, snapshotKey, changeLogKey } from '../../../src/export/layout.js'

const entry = (
  id: number,
  spent_date: string,
  created_at: string,
  extra: Partial<TimeEntry> = {}
): TimeEntry => ({
  id,
  spent_date,
  created_at,
  ...extra
})

describe('serialization', () => {
  it('sorts by spent_date, then created_at as a time, then id as a number', () => {
    const entries = [
      entry(10, '2025-01-02', '2025-01-02T08:00:00Z'),
      entry(9, '2025-01-01', '2025-01-01T10:00:00Z'),
      entry(100, '2025-01-01', '2025-01-01T09:00:00Z'),
      entry(11, '2025-01-01', '2025-01-01T09:00:00Z'),
      // Same instant written with an offset: compared as a time, not as text.
      entry(5, '2025-01-01', '2025-01-01T10:00:00+01:00')
    ]
    expect(sortEntries(entries).map((item) => item.id)).toEqual([5, 11, 100, 9, 10])
  })

  it('writes JSON.stringify(entries, null, 2) plus a newline, and NDJSON lines', () => {
    const entries = [entry(1, '2025-01-01', '2025-01-01T09:00:00Z', { notes: 'Café ✅\n"q"' })]
    expect(serializeEntries(entries, 'json').toString()).toBe(
      JSON.stringify(entries, null, 2) + '\n'
    )
    expect(serializeEntries([], 'json').toString()).toBe('[]\n')
    expect(serializeEntries(entries, 'ndjson').toString()).toBe(JSON.stringify(entries[0]) + '\n')
    expect(serializeEntries([], 'ndjson').length).toBe(0)
  })

  it('reads back both formats', () => {
    const entries = [entry(1, '2025-01-01', 'a'), entry(2, '2025-01-01', 'b')]
    expect(parseEntries(serializeEntries(entries, 'json'))).toEqual(entries)
    expect(parseEntries(serializeEntries(entries, 'ndjson'))).toEqual(entries)
    expect(parseEntries(Buffer.from(''))).toEqual([])
    expect(parseEntries(Buffer.from('not json'))).toBeUndefined()
  })

  it('names keys per layout', () => {
    const flat = { prefix: 'harvest/', layout: 'flat' as const, format: 'json' as const }
    const hive = { prefix: 'p/', layout: 'hive' as const, format: 'ndjson' as const }
    expect(dayKey(flat, '2025-01-01')).toBe('harvest/20250101.json')
    expect(dayKey(hive, '2025-01-01')).toBe('p/spent_date=2025-01-01/time_entries.ndjson')
    expect(snapshotKey({ ...flat, layout: 'snapshot' }, '2025-03-31')).toBe('harvest/20250331.json')
    expect(dateOfKey(hive, 'p/spent_date=2025-01-01/time_entries.ndjson')).toBe('2025-01-01')
    expect(dateOfKey(flat, 'harvest/changes/new/20250101-new-101010.json')).toBeUndefined()
    expect(changeLogKey('h/', 'deleted', '2025-03-31', '070501')).toBe(
      'h/changes/deleted/20250331-deleted-070501.json'
    )
  })
})
