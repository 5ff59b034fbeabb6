import { LIST_RESOURCES } from '../../../sandbox/resource-store.js'
import { isStateKey } from '../../../sandbox/local-s3.js'
import { FAST, Harness, WINDOW } from '../../support/harness.js'
import {
  startHarnessAndDir,
  stopHarnessAndDir,
  storeSettings,
  type StoreKind
} from '../../support/store-kinds.js'
import { query, withFile } from '../../support/duckdb.js'
import { dirObjects, expectTablesExact, monthTableKey } from '../../support/tables.js'

const PREFIX = 'harvest/'
const ARCHIVE_FROM = '2024-11-01'
const MONTHS = ['2024-11', '2024-12', '2025-01', '2025-02', '2025-03']

/**
 * Tables for queries (README) in every layout that has them, in both formats, on S3 and in
 * a local directory: enabling tables on an existing archive, a dry run, every resource.
 */
describe.each<StoreKind>(['s3', 'dir'])('tables (%s store)', (kind) => {
  let h: Harness
  let dir: string

  beforeEach(async () => ({ h, dir } = await startHarnessAndDir()))
  afterEach(() => stopHarnessAndDir({ h, dir }))

  const settings = (values: Record<string, string> = {}) => storeSettings(kind, dir, values)
  const run = (values: Record<string, string>) => h.run(settings(values), FAST)
  const objects = async () => (kind === 's3' ? h.s3.objects(PREFIX) : dirObjects(dir))
  const prefix = PREFIX

  it.each([
    ['flat', 'json'],
    ['hive', 'ndjson']
  ])(
    'enabling tables on an existing %s %s archive builds each month once, reading each day file at most once',
    async (layout, format) => {
      const shape = { layout, format }
      await run({ ...shape, from: ARCHIVE_FROM, to: WINDOW.to })
      expect((await objects()).size).toBeGreaterThan(100)
      h.s3.resetCounts()
      h.logs = []
      const summary = await run({ ...shape, tables: 'parquet' })
      expect(summary.daysWritten).toBe(0)
      expect(summary.tables).toEqual(MONTHS.map((month) => monthTableKey(PREFIX, month)))
      expect(await expectTablesExact(await objects(), prefix)).toEqual(MONTHS)
      if (kind === 's3') {
        const gets = h.s3.requests
          .filter((r) => r.kind === 'get' && !isStateKey(r.key))
          .map((r) => r.key)
        expect(new Set(gets).size).toBe(gets.length)
        // Only days before the window are read back: the window's days came from Harvest.
        const dates = gets.map((key) => /(\d{4})-?(\d{2})-?(\d{2})/.exec(key)!.slice(1).join('-'))
        expect(dates.every((date) => date < WINDOW.from)).toBe(true)
        expect(gets.length).toBeGreaterThan(0)
      }
      // A second run finds nothing to do.
      h.s3.resetCounts()
      expect((await run({ ...shape, tables: 'parquet' })).tables).toEqual([])
      if (kind === 's3') expect(h.s3.count('put')).toBe(0)
    }
  )

  it('a dry run reports the tables it would write and writes nothing', async () => {
    const summary = await run({ tables: 'parquet', 'dry-run': 'true' })
    expect(summary.tables).toEqual(
      ['2024-12', '2025-01', '2025-02', '2025-03'].map((month) => monthTableKey(PREFIX, month))
    )
    expect((await objects()).size).toBe(0)
  })

  it('resources: all keeps one table per resource, a row per record sorted by id', async () => {
    const summary = await run({ resources: 'all', tables: 'parquet' })
    const stored = await objects()
    const tableOf = (name: string) => stored.get(`${prefix}tables/${name}/${name}.parquet`)
    for (const name of LIST_RESOURCES) {
      const ids = h.harvest
        .listRecords(name)
        .map((record) => record.id)
        .sort((a, b) => a - b)
      const rows = await withFile(tableOf(name)!, (path) =>
        query(`SELECT id FROM read_parquet('${path}')`)
      )
      expect({ name, ids: rows.map((row) => Number(row.id)) }).toEqual({ name, ids })
    }
    const company = await withFile(tableOf('company')!, (path) =>
      query(`SELECT count(*) AS n FROM read_parquet('${path}')`)
    )
    expect(company).toEqual([{ n: 1n }])
    expect(summary.tables).toHaveLength(LIST_RESOURCES.length + 1 + 4)
    await expectTablesExact(stored, prefix)
    // Unchanged records: no table is written again.
    expect((await run({ resources: 'all', tables: 'parquet' })).tables).toEqual([])
  })
})
