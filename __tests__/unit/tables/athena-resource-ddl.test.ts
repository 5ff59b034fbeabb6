import { SimClock } from '../../../sandbox/clock.js'
import { company } from '../../../sandbox/resources-data.js'
import { LIST_RESOURCES, ResourceStore } from '../../../sandbox/resource-store.js'
import { RESOURCE_NAMES } from '../../../src/resources/names.js'
import { resourceTableKey } from '../../../src/tables/table-keys.js'
import { encodeResourceTable } from '../../../src/tables/resource-table.js'
import { ATHENA_TYPE_OF_DUCKDB, readCreateTables } from '../../support/athena-ddl.js'
import { columnTypes, query, withFile } from '../../support/duckdb.js'

const DDL = 'deploy/athena/parquet-resources.sql'
const tables = readCreateTables(DDL)
const RESOURCES = RESOURCE_NAMES.filter((name) => name !== 'time_entries')

// The simulator's account, with enough documents that optional fields take values.
const store = new ResourceStore(
  {
    seed: 27,
    from: '2025-01-01',
    to: '2025-12-31',
    counts: { contacts: 40, invoices: 120, estimates: 60, expenses: 200 }
  },
  new SimClock()
)
const recordsOf = (name: string): Record<string, unknown>[] =>
  name === 'company'
    ? [company()]
    : store.list(name as (typeof LIST_RESOURCES)[number]).sort((a, b) => a.id - b.id)

/**
 * Columns whose type comes from Harvest's documentation alone: fields the simulator leaves
 * null in every record (its accounts use no cost budgets, second taxes or discounts...).
 * Written from such data they are text columns of nulls (or, for an embedded object, a
 * `<field>` text column instead of `<field>_id`), so the data cannot confirm their type.
 */
const DOCUMENTED_ONLY: Record<string, string[]> = {
  projects: ['cost_budget', 'over_budget_notification_date'],
  user_assignments: ['budget'],
  task_assignments: ['budget'],
  invoices: [
    'discount',
    'estimate_id',
    'period_end',
    'period_start',
    'recurring_invoice_id',
    'retainer_id',
    'tax2'
  ],
  estimates: ['discount', 'notes', 'tax2']
}

interface DataColumn {
  name: string
  type: string
  values: number
}

/** Each column of the resource's table as DuckDB reads it, with how many non-null cells. */
async function dataColumns(name: string): Promise<DataColumn[]> {
  return withFile(encodeResourceTable(recordsOf(name)), async (path) => {
    const types = await columnTypes(path)
    const counts = await query(
      `SELECT ${Object.keys(types)
        .map((column) => `count("${column}") AS "${column}"`)
        .join(', ')} FROM read_parquet('${path}')`
    )
    return Object.entries(types).map(([column, type]) => ({
      name: column,
      type: ATHENA_TYPE_OF_DUCKDB[type] ?? type,
      values: Number(counts[0][column])
    }))
  })
}

describe(`the Athena tables of ${DDL}`, () => {
  it('creates one table per resource other than time entries, over its own folder', () => {
    expect([...tables.keys()]).toEqual(RESOURCES.map((name) => `harvest_tables.${name}`))
    for (const name of RESOURCES) {
      const table = tables.get(`harvest_tables.${name}`)
      const key = resourceTableKey('harvest/', name)
      expect(table?.location).toBe(`s3://BUCKET/${key.slice(0, key.lastIndexOf('/') + 1)}`)
      expect(table?.storedAs).toBe('PARQUET')
      expect(table?.partitionedBy).toEqual([])
    }
  })

  it.each(RESOURCES)(
    '%s: every column of the data has its DDL column, of the type DuckDB reads',
    async (name) => {
      const declared = new Map(
        (tables.get(`harvest_tables.${name}`)?.columns ?? []).map((c) => [c.name, c.type])
      )
      const columns = await dataColumns(name)
      const documented = DOCUMENTED_ONLY[name] ?? []

      // Columns holding a value: declared, with the same type.
      const valued = columns.filter((column) => column.values > 0)
      expect(valued.map((c) => [c.name, declared.get(c.name)])).toEqual(
        valued.map((c) => [c.name, c.type])
      )
      // Columns null in every row: declared as Harvest documents them (the object of a
      // null-only embedded field as its <field>_id).
      const nullOnly = columns.filter((column) => column.values === 0)
      const declaredAs = (column: DataColumn) =>
        declared.has(column.name) ? column.name : `${column.name}_id`
      expect(nullOnly.map(declaredAs).filter((column) => !documented.includes(column))).toEqual([])
      // And the DDL declares nothing else than the data's columns and the documented ones.
      const seen = new Set(valued.map((c) => c.name))
      expect([...declared.keys()].filter((column) => !seen.has(column)).sort()).toEqual(
        [...documented].sort()
      )
    }
  )
})
