import { readFile } from 'node:fs/promises'
import { resourceKey } from '../../../src/resources/object-key.js'

describe('deploy/athena/ndjson-day-files.sql', () => {
  it('points a table at each joined resource exactly where the hive layout writes it', async () => {
    const sql = await readFile('deploy/athena/ndjson-day-files.sql', 'utf8')
    const tables = new Map(
      [
        ...sql.matchAll(
          /CREATE EXTERNAL TABLE IF NOT EXISTS harvest_(\w+) \(([\s\S]*?)\nLOCATION '([^']+)'/g
        )
      ].map((match) => [match[1], { columns: match[2], location: match[3] }])
    )
    for (const name of ['projects', 'clients', 'users', 'tasks', 'invoices', 'expenses'] as const) {
      const key = resourceKey(
        { prefix: 'harvest/', layout: 'hive', format: 'ndjson' },
        name,
        '2025-03-31'
      )
      const table = tables.get(name)
      expect(table?.location).toBe(`s3://BUCKET/${key.slice(0, key.lastIndexOf('/') + 1)}`)
      expect(table?.columns).toMatch(/^\s+id bigint,/)
      // The SerDe reads one record per line: the layout the tables are for.
      expect(key.endsWith('.ndjson')).toBe(true)
    }
    expect(tables.get('users')?.columns).toContain('cost_rate double')
    expect(sql).toMatch(/sum\(te\.hours \* coalesce\(u\.cost_rate, 0\)\)/)
  })
})
