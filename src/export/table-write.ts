import type { ListedObject } from '../store/store.js'
import type { RunTables } from '../tables/run-tables.js'
import { fromListing } from './sync-object.js'
import type { ObjectWriter } from './writer.js'

/** What S3 and Athena are told a table object is. */
export const PARQUET_CONTENT_TYPE = 'application/vnd.apache.parquet'

/**
 * Makes one table object hold `body` through the run's writer (same ETag / SHA-256
 * comparison and conditional PUT as day files; a dry run only notes it): written only when
 * its bytes differ. `listed` is the table's listing entry when the run listed the tables.
 */
export async function writeTable(
  writer: ObjectWriter,
  tables: RunTables,
  key: string,
  body: Buffer,
  listed?: ListedObject | null
): Promise<void> {
  const known =
    listed === undefined ? { state: 'ask-store' as const } : fromListing(listed ?? undefined)
  await writer.sync(
    { wanted: { key, body, contentType: PARQUET_CONTENT_TYPE }, known, wantPrevious: false },
    async (inspection) => {
      if (inspection.unchanged) return 'done'
      const decision = await writer.commit(inspection)
      if (decision === 'done') tables.noteWritten(key)
      return decision
    }
  )
}
