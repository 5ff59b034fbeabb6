import {
  collectEmbedded,
  embeddedOfRecord,
  emptyRecords,
  EMBEDDED_FIELDS,
  RECORD_KINDS
} from '../../../src/state/embedded.js'

const entry = (spent_date: string, client: unknown, extra: Record<string, unknown> = {}) => ({
  spent_date,
  client,
  project: { id: 7, name: 'Web', code: null },
  task: { id: 9, name: 'Design' },
  user: { id: 11, name: 'Ada Lovelace' },
  ...extra
})

describe('embedded names collected from entries', () => {
  it('keeps the last values an entry shows for each record, field by field', () => {
    const records = emptyRecords()
    collectEmbedded(
      [
        entry('2025-01-01', { id: 5, name: 'ABC', currency: 'USD' }),
        entry('2025-01-01', { id: 5, name: 'ABC', currency: 'USD' }),
        entry('2025-01-02', { id: 5, name: 'ABC Corp', currency: 'USD' }),
        entry('2025-01-02', { id: 6, name: 'Other' })
      ],
      records
    )
    collectEmbedded([entry('2025-01-03', { id: 5, name: 'ABC Corp' })], records)
    // The later entry omits currency: it wins whole, as Harvest showed it.
    expect(records.clients).toEqual({ '5': { name: 'ABC Corp' }, '6': { name: 'Other' } })
    expect(records.projects).toEqual({ '7': { name: 'Web', code: null } })
    expect(records.users['11']).toEqual({ name: 'Ada Lovelace' })
  })

  it('ignores objects without a numeric id and values that are not text', () => {
    const records = emptyRecords()
    collectEmbedded(
      [
        entry('2025-01-01', { id: '5', name: 'text id' }),
        entry('2025-01-01', { id: 1.5, name: 'fraction' }),
        entry('2025-01-01', null),
        entry('2025-01-01', { id: 8, name: 42, currency: { code: 'EUR' } }),
        entry('2025-01-01', { id: 9, name: true, currency: null }, { task: 'not an object' })
      ],
      records
    )
    expect(records.clients).toEqual({ '8': { name: '42' }, '9': { name: 'true', currency: null } })
    // The last entry's task is no object: the others' task stays as they showed it.
    expect(records.tasks).toEqual({ '9': { name: 'Design' } })
  })

  it('counts entries per spent date in the same pass, with the same records', () => {
    const entries = [
      entry('2025-01-01', { id: 5, name: 'ABC', currency: 'USD' }),
      entry('2025-01-03', { id: 5, name: 'ABC', currency: 'EUR' }),
      entry('2025-01-01', { id: 6, name: 'Other', currency: 'USD' })
    ]
    const counts = new Map<string, number>()
    const records = emptyRecords()
    collectEmbedded(entries, records, counts)
    expect(counts).toEqual(
      new Map([
        ['2025-01-01', 2],
        ['2025-01-03', 1]
      ])
    )
    const alone = emptyRecords()
    collectEmbedded(entries, alone)
    expect(records).toEqual(alone)
    expect(records.clients['5']).toEqual({ name: 'ABC', currency: 'EUR' })
  })

  it('takes from entries every field a record of each kind shows', () => {
    for (const kind of RECORD_KINDS) {
      const { entryField, fields } = EMBEDDED_FIELDS[kind]
      const object = { id: 3, ...Object.fromEntries(fields.map((field) => [field, `${field}!`])) }
      const records = emptyRecords()
      collectEmbedded([{ spent_date: '2025-01-01', [entryField]: object }], records)
      expect(records[kind]['3']).toEqual(embeddedOfRecord(kind, object)!.values)
    }
  })
})
