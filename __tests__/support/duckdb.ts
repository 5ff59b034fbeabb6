import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'

/**
 * One in-memory DuckDB per test file: creating and closing an instance for each query cost
 * more than the queries (the tests only read Parquet files, so nothing is left between them).
 */
let instance: Promise<DuckDBInstance> | undefined

/** DuckDB, the engine users run, as the independent reader of what the product wrote. */
export async function query(sql: string): Promise<Record<string, unknown>[]> {
  instance ??= DuckDBInstance.create(':memory:')
  const connection = await (await instance).connect()
  try {
    const reader = await connection.runAndReadAll(sql)
    return reader.getRowObjectsJS()
  } finally {
    connection.closeSync()
  }
}

/** Writes `bytes` to a fresh temporary file, runs `read(path)`, removes the file. */
export async function withFile<T>(bytes: Buffer, read: (path: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'duckdb-'))
  try {
    const path = join(dir, 'table.parquet')
    writeFileSync(path, bytes)
    return await read(path)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Column name -> DuckDB type name, as `DESCRIBE` reports them. */
export async function columnTypes(path: string): Promise<Record<string, string>> {
  const rows = await query(`DESCRIBE SELECT * FROM read_parquet('${path}')`)
  return Object.fromEntries(rows.map((row) => [String(row.column_name), String(row.column_type)]))
}
