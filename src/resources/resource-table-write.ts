import type { RunContext } from '../export/run-context.js'
import { writeTable } from '../export/table-write.js'
import { encodeResourceTable } from '../tables/resource-table.js'
import type { RunTables } from '../tables/run-tables.js'
import { resourceTableKey } from '../tables/table-keys.js'
import type { ResourceContent } from './records.js'

/**
 * `tables/<resource>/<resource>.parquet`: the records the run just read (a list sorted by
 * id, the company as one row), rewritten only when the bytes change.
 */
export async function writeResourceTable(
  run: RunContext,
  tables: RunTables,
  resource: string,
  content: ResourceContent
): Promise<void> {
  const records = content.kind === 'list' ? content.records : [content.object]
  const key = resourceTableKey(run.settings.prefix, resource)
  await writeTable(run.writer, tables, key, encodeResourceTable(records))
}
