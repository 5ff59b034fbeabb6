import { CELL, jsonTextCell } from './cells.js'
import {
  encodeTable,
  type Cell,
  type ColumnRule,
  type ColumnType,
  type TableColumn
} from './parquet-file.js'
import { isJsonObject } from '../util/json-object.js'

type Row = Readonly<Record<string, unknown>>

/** A parsed JSON value's kind: `typeof`, with arrays apart; none for null. */
const kindOf = (value: unknown) =>
  value === null || value === undefined ? undefined : Array.isArray(value) ? 'array' : typeof value

const isIdField = (field: string) => field === 'id' || field.endsWith('_id')

/**
 * The columns one top-level field becomes, from the kinds of value it holds across every
 * record (nulls aside): booleans BOOLEAN; `id` and `*_id` whole numbers INT64; other numbers
 * DOUBLE; strings STRING; an embedded object that always has an `id` as `<field>_id` (plus
 * `<field>_name` when it has a `name`); anything else (other objects, arrays, a field of more
 * than one kind, a field null in every record) as its JSON text.
 */
function rulesFor(
  field: string,
  rows: readonly Row[],
  taken: ReadonlySet<string>
): Array<ColumnRule<Row>> {
  const values = rows.map((row) => row[field]).filter((value) => kindOf(value) !== undefined)
  const kinds = new Set(values.map(kindOf))
  const only = kinds.size === 1 ? [...kinds][0] : undefined
  const plain = (type: ColumnType, cell: (value: unknown) => Cell = CELL[type]) => [
    { name: field, type, cell: (row: Row) => cell(row[field]) }
  ]
  if (only === 'boolean' || only === 'string') return plain(only)
  if (only === 'number') {
    const whole = values.every((value) => Number.isSafeInteger(value))
    return plain(isIdField(field) && whole ? 'int64' : 'double')
  }
  if (only === 'object') {
    const objects = values.filter(isJsonObject)
    const withId = objects.every((object) => Number.isSafeInteger(object.id))
    const inner = (key: string, type: ColumnType): ColumnRule<Row> => ({
      name: `${field}_${key}`,
      type,
      cell: (row) => CELL[type]((row[field] as Row | null | undefined)?.[key])
    })
    const flat = [inner('id', 'int64'), inner('name', 'string')]
    if (withId && !flat.some((rule) => taken.has(rule.name)))
      return objects.some((object) => 'name' in object) ? flat : flat.slice(0, 1)
  }
  // Only nulls: an `_id` field stays INT64, any other a text column of nulls, so the field
  // stays visible to queries.
  if (only === undefined && isIdField(field)) return plain('int64')
  return plain('string', jsonTextCell)
}

/**
 * The Parquet bytes of a resource's records (the company is one record), rows in the order
 * given (sorted by id), columns in name order. The schema follows the data, so every value
 * fits its column and a field Harvest adds appears as a column on the next run.
 */
export function encodeResourceTable(records: readonly Row[]): Buffer {
  // No records (an account without estimates) still gives an `id` column: a Parquet file
  // without any column is one DuckDB, Spark and Athena refuse to read.
  const fields =
    records.length === 0
      ? ['id']
      : [...new Set(records.flatMap((record) => Object.keys(record)))].sort()
  const taken = new Set(fields)
  const columns: TableColumn[] = fields
    .flatMap((field) => rulesFor(field, records, taken))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((rule) => ({ name: rule.name, type: rule.type, cells: records.map(rule.cell) }))
  return encodeTable(columns)
}
