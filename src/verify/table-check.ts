import { parquetReadObjects } from 'hyparquet'
import type { StoredObject } from '../store/store.js'
import { finding, type Finding } from './findings.js'

/** The `id` column of a Parquet table, or undefined when the bytes are no readable table. */
async function tableIds(body: Buffer): Promise<number[] | undefined> {
  try {
    const file = body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength)
    const rows = await parquetReadObjects({ file: file as ArrayBuffer, columns: ['id'] })
    return rows.map((row) => Number(row.id))
  } catch {
    return undefined
  }
}

/**
 * One month's time entries table against that month's day files: the same number of rows
 * as entries, and the same ids. A backfill over the month rewrites it.
 */
export async function checkMonthTable(
  month: string,
  key: string,
  object: StoredObject,
  fileIds: readonly number[]
): Promise<Finding[]> {
  const found = (detail: string): Finding[] => [finding('table', key, detail, [month])]
  const ids = await tableIds(object.body)
  if (ids === undefined) return found('not a readable Parquet table with an id column')
  if (ids.length !== fileIds.length)
    return found(`table has ${ids.length} rows, the day files of ${month} ${fileIds.length}`)
  const expected = new Set(fileIds)
  const stray = ids.find((id) => !expected.has(id))
  if (stray !== undefined) return found(`table holds id ${stray}, no day file of ${month} does`)
  if (new Set(ids).size !== ids.length) return found('table holds an id twice')
  return []
}
