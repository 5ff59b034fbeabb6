import { generateEntries } from '../../../sandbox/harvest-data.js'
import { encodeTimeEntryTable } from '../../support/time-entry-table.js'
import type { TimeEntry } from '../../../src/harvest/types.js'
import { columnTypes, query, withFile } from '../../support/duckdb.js'
import { expectedRow, readRow } from '../../support/tables.js'

const entries = generateEntries({ seed: 7, count: 400, from: '2025-03-01', to: '2025-03-31' })
entries.sort((a, b) => a.spent_date.localeCompare(b.spent_date) || a.id - b.id)

describe('the time entries table', () => {
  it('holds every column of every entry, typed, as DuckDB reads it', async () => {
    const bytes = encodeTimeEntryTable(entries)
    await withFile(bytes, async (path) => {
      const rows = await query(`SELECT * FROM read_parquet('${path}')`)
      expect(rows.map(readRow)).toEqual(entries.map(expectedRow))
      expect(await columnTypes(path)).toMatchObject({
        id: 'BIGINT',
        spent_date: 'DATE',
        hours: 'DOUBLE',
        notes: 'VARCHAR',
        is_locked: 'BOOLEAN',
        created_at: 'TIMESTAMP',
        user_id: 'BIGINT',
        invoice_number: 'VARCHAR',
        external_reference: 'VARCHAR'
      })
    })
    // The data set exercises the null and non-null sides of the columns that can be either.
    expect(entries.some((e) => e.invoice != null) && entries.some((e) => e.invoice == null)).toBe(
      true
    )
    expect(entries.some((e) => e.external_reference != null)).toBe(true)
  })

  it('gives the same bytes for the same rows and other bytes when one cell changes', () => {
    const again = structuredClone(entries)
    expect(encodeTimeEntryTable(again).equals(encodeTimeEntryTable(entries))).toBe(true)
    again[3] = { ...again[3], hours: Number(again[3].hours) + 0.25 }
    expect(encodeTimeEntryTable(again).equals(encodeTimeEntryTable(entries))).toBe(false)
  })

  it('writes a month with no entries as a zero-row table that still has every column', async () => {
    await withFile(encodeTimeEntryTable([]), async (path) => {
      expect(await query(`SELECT count(*) AS n FROM read_parquet('${path}')`)).toEqual([{ n: 0n }])
      const types = await columnTypes(path)
      expect(Object.keys(types)).toHaveLength(36)
      expect(types).toMatchObject({ id: 'BIGINT', spent_date: 'DATE', updated_at: 'TIMESTAMP' })
    })
  })

  it('refuses a value its column cannot hold, naming the entry and the column', () => {
    const bad = [{ ...entries[0], hours: '4' }] as unknown as TimeEntry[]
    expect(() => encodeTimeEntryTable(bad)).toThrow(
      `Time entry ${entries[0].id} (${entries[0].spent_date}) cannot go into the time_entries table: column hours: expected a number, found a string.`
    )
    expect(() => encodeTimeEntryTable([{ ...entries[0], spent_date: '2025-02-30' }])).toThrow(
      'column spent_date: expected a real calendar date'
    )
  })
})
