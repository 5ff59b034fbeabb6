import { invoices } from '../../../sandbox/resources-documents.js'
import { company, projects } from '../../../sandbox/resources-data.js'
import { encodeResourceTable } from '../../../src/tables/resource-table.js'
import { columnTypes, query, withFile } from '../../support/duckdb.js'

const records = invoices(3, 40, { from: '2025-01-01', to: '2025-06-30' })

describe('a resource table', () => {
  it('has one column per field in name order, typed by what the field holds', async () => {
    await withFile(encodeResourceTable(records), async (path) => {
      const types = await columnTypes(path)
      const names = Object.keys(types)
      expect(names).toEqual([...names].sort())
      expect(types).toMatchObject({
        id: 'BIGINT',
        amount: 'DOUBLE',
        number: 'VARCHAR',
        client_id: 'BIGINT',
        client_name: 'VARCHAR',
        creator_id: 'BIGINT',
        line_items: 'VARCHAR',
        payment_options: 'VARCHAR',
        recurring_invoice_id: 'BIGINT',
        estimate: 'VARCHAR'
      })
      expect(names).not.toContain('client')
    })
  })

  it('holds every record, embedded objects flattened and the rest as JSON text', async () => {
    await withFile(encodeResourceTable(records), async (path) => {
      const rows = await query(
        `SELECT id, client_id, client_name, amount, line_items, payment_options, paid_at
         FROM read_parquet('${path}')`
      )
      expect(rows).toEqual(
        records.map((r) => ({
          id: BigInt(r.id),
          client_id: BigInt((r.client as { id: number }).id),
          client_name: (r.client as { name: string }).name,
          amount: r.amount,
          line_items: JSON.stringify(r.line_items),
          payment_options: JSON.stringify(r.payment_options),
          paid_at: r.paid_at
        }))
      )
    })
  })

  it('keeps the company as one row and projects with their client', async () => {
    await withFile(encodeResourceTable([company()]), async (path) => {
      const rows = await query(`SELECT name, weekly_capacity FROM read_parquet('${path}')`)
      expect(rows).toEqual([{ name: company().name, weekly_capacity: 126000 }])
    })
    const list = projects()
    await withFile(encodeResourceTable(list), async (path) => {
      const rows = await query(`SELECT id, client_id, code FROM read_parquet('${path}')`)
      expect(rows).toHaveLength(list.length)
      expect(rows[0]).toEqual({
        id: BigInt(list[0].id),
        client_id: BigInt((list[0].client as { id: number }).id),
        code: list[0].code
      })
    })
  })

  it('keeps a field of more than one kind as JSON text, so no value is lost', async () => {
    const mixed = [{ ...records[0], number: 1001 }, ...records.slice(1, 3)]
    await withFile(encodeResourceTable(mixed), async (path) => {
      const rows = await query(`SELECT number FROM read_parquet('${path}')`)
      expect(rows.map((row) => row.number)).toEqual(mixed.map((r) => JSON.stringify(r.number)))
    })
  })

  it('of a resource with no records (no estimates yet) is a zero-row table DuckDB reads', async () => {
    await withFile(encodeResourceTable([]), async (path) => {
      expect(await columnTypes(path)).toEqual({ id: 'BIGINT' })
      expect(await query(`SELECT count(*) AS n FROM read_parquet('${path}')`)).toEqual([{ n: 0n }])
    })
  })
})
