import { DayDigests, locateEntries } from '../../../src/harvest/page-bytes.js'
import type { TimeEntriesPage, TimeEntry } from '../../../src/harvest/types.js'

function entry(id: number, date: string, extra: Record<string, unknown> = {}): TimeEntry {
  return {
    id,
    spent_date: date,
    created_at: '2025-01-01T09:00:00Z',
    hours: 1.5,
    notes: 'a "quoted" note, with },{"id": inside and ünïcödé',
    project: { id: 7, name: 'Website', code: 'W' },
    ...extra
  }
}

/** A page as Harvest sends it (compact JSON), parsed and located like the client does. */
function page(entries: TimeEntry[], body?: string): TimeEntriesPage {
  const text =
    body ??
    JSON.stringify({
      time_entries: entries,
      per_page: 2000,
      total_entries: entries.length,
      links: { next: null }
    })
  const parsed = JSON.parse(text) as TimeEntriesPage
  locateEntries(parsed, Buffer.from(text))
  return parsed
}

/** Digests of `entries` read as pages of `size` entries. */
function digestsOf(entries: TimeEntry[], size: number): ((date: string) => string) | undefined {
  const digests = new DayDigests()
  for (let i = 0; i < entries.length; i += size) digests.add(page(entries.slice(i, i + size)))
  return digests.finish()
}

// Harvest order: newest day first.
const ENTRIES = [
  entry(105, '2025-01-03'),
  entry(104, '2025-01-03'),
  entry(103, '2025-01-02'),
  entry(102, '2025-01-02'),
  entry(101, '2025-01-02'),
  entry(100, '2025-01-01')
]

describe('source digests of days', () => {
  it('are the same however the entries fall on pages', () => {
    const whole = digestsOf(ENTRIES, 2000)!
    for (const size of [1, 2, 4, 5]) {
      const split = digestsOf(ENTRIES, size)!
      for (const date of ['2025-01-01', '2025-01-02', '2025-01-03', '2025-01-04'])
        expect(split(date)).toBe(whole(date))
    }
  })

  it('differ between days, and a day without entries has the empty digest', () => {
    const digests = digestsOf(ENTRIES, 2000)!
    const days = ['2025-01-01', '2025-01-02', '2025-01-03'].map(digests)
    expect(new Set(days).size).toBe(3)
    expect(digests('2025-01-04')).toBe(digestsOf([], 2000)!('2025-01-01'))
    expect(digests('2025-01-04')).not.toBe(days[0])
  })

  it('change when any byte of a day changes, nested names included, and only for that day', () => {
    const before = digestsOf(ENTRIES, 2)!
    const renamed = ENTRIES.map((item) =>
      item.id === 102 ? { ...item, project: { id: 7, name: 'Website 2', code: 'W' } } : item
    )
    const after = digestsOf(renamed, 2)!
    expect(after('2025-01-02')).not.toBe(before('2025-01-02'))
    expect(after('2025-01-01')).toBe(before('2025-01-01'))
    expect(after('2025-01-03')).toBe(before('2025-01-03'))
    const reordered = [ENTRIES[0], ENTRIES[1], ENTRIES[3], ENTRIES[2], ENTRIES[4], ENTRIES[5]]
    expect(digestsOf(reordered, 2000)!('2025-01-02')).not.toBe(before('2025-01-02'))
    const lessPrecise = ENTRIES.map((item) => (item.id === 100 ? { ...item, hours: 1.25 } : item))
    expect(digestsOf(lessPrecise, 2000)!('2025-01-01')).not.toBe(before('2025-01-01'))
  })

  it('take only the entries a read keeps from a page', () => {
    const digests = new DayDigests()
    digests.add(page(ENTRIES), (item) => item.spent_date > '2025-01-01')
    const kept = digests.finish()!
    const alone = digestsOf(ENTRIES.slice(0, 5), 2000)!
    expect(kept('2025-01-02')).toBe(alone('2025-01-02'))
    expect(kept('2025-01-01')).toBe(digestsOf([], 2000)!('2025-01-01'))
  })

  it('are not given when the body is not laid out as compact JSON', () => {
    const pretty = JSON.stringify({ time_entries: ENTRIES, links: { next: null } }, null, 2)
    const digests = new DayDigests()
    digests.add(page(ENTRIES, pretty))
    expect(digests.finish()).toBeUndefined()
    const idLast = JSON.stringify({
      time_entries: ENTRIES.map(({ id, ...rest }) => ({ ...rest, id }))
    })
    const other = new DayDigests()
    other.add(page(ENTRIES, idLast))
    expect(other.finish()).toBeUndefined()
  })

  it('are not given when an entry holds a list of objects that could pass for entries', () => {
    // The nested `},{"id":` bytes look like a boundary between entries, here even with the
    // next entry's id; locating must not cut an entry there.
    const tricky = [
      entry(11, '2025-01-02', { items: [{ id: 1 }, { id: 12 }, { id: 13 }] }),
      entry(12, '2025-01-02'),
      entry(13, '2025-01-01')
    ]
    const digests = new DayDigests()
    digests.add(page(tricky))
    expect(digests.finish()).toBeUndefined()
    // Not even when the list ends with a whole copy of the last entry, which its parse accepts.
    const copy = entry(13, '2025-01-01')
    const copied = new DayDigests()
    copied.add(
      page([entry(11, '2025-01-02', { items: [{ id: 1 }, { id: 12 }, copy] }), tricky[1], copy])
    )
    expect(copied.finish()).toBeUndefined()
    // Such a list in the last entry (no entry follows to be mistaken for) is located exactly.
    const last = [entry(21, '2025-01-02'), entry(22, '2025-01-01', { items: [{ id: 1 }] })]
    const tail = new DayDigests()
    tail.add(page(last))
    const located = tail.finish()!
    const changed = digestsOf([last[0], { ...last[1], items: [{ id: 2 }] }], 2000)!
    expect(located('2025-01-01')).not.toBe(changed('2025-01-01'))
  })

  it('are not given when one page of the read has no source', () => {
    const digests = new DayDigests()
    digests.add(page(ENTRIES.slice(0, 3)))
    digests.add(JSON.parse(JSON.stringify({ time_entries: ENTRIES.slice(3) })) as TimeEntriesPage)
    expect(digests.finish()).toBeUndefined()
  })
})
