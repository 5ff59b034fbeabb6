import { parquetWriteBuffer, type SchemaElement } from 'hyparquet-writer'

/** The column types a table uses, each one Parquet physical type plus its logical annotation. */
const SCHEMA = {
  int64: { type: 'INT64' },
  double: { type: 'DOUBLE' },
  string: { type: 'BYTE_ARRAY', converted_type: 'UTF8' },
  boolean: { type: 'BOOLEAN' },
  date: { type: 'INT32', converted_type: 'DATE' },
  timestamp: { type: 'INT64', converted_type: 'TIMESTAMP_MILLIS' }
} satisfies Record<string, Omit<SchemaElement, 'name'>>

export type ColumnType = keyof typeof SCHEMA

export type Cell = bigint | number | string | boolean | Date | null

/** One column's cells, already in the type its `type` names (nulls allowed everywhere). */
export interface TableColumn {
  name: string
  type: ColumnType
  cells: Cell[]
}

/** How one column's cell is made from a row. */
export type ColumnRule<Row> = Omit<TableColumn, 'cells'> & { cell: (row: Row) => Cell }

/**
 * The writer name stored in every file. Fixed, with no version in it, so the same rows give
 * the same bytes whichever release wrote them and an upgrade rewrites no table.
 */
const CREATED_BY = 'harvest-s3-export'

/**
 * One Parquet file of the columns, every cell optional. Deterministic: no write time, run id
 * or random value goes into the file, so an unchanged table is never rewritten.
 */
export function encodeTable(columns: readonly TableColumn[]): Buffer {
  const schema: SchemaElement[] = [
    { name: 'root', num_children: columns.length },
    ...columns.map(({ name, type }) => ({
      name,
      ...SCHEMA[type],
      repetition_type: 'OPTIONAL' as const
    }))
  ]
  const bytes = parquetWriteBuffer({
    schema,
    columnData: columns.map((column) => ({ name: column.name, data: column.cells })),
    createdBy: CREATED_BY,
    // No dictionary pages: trying them costs a quarter of the encoding time, and on Harvest's
    // data snappy already makes the plain pages as small (the same bytes in the bench data).
    dictionarySize: 0
  })
  return Buffer.from(bytes)
}
