import { booleanCell, doubleCell, int64Cell, jsonTextCell, stringCell } from './cells.js'
import { encodeTable, type Cell, type ColumnType, type TableColumn } from './parquet-file.js'

type Row = Readonly<Record<string, unknown>>

interface ColumnRule {
  name: string
  type: ColumnType
  cell: (row: Row) => Cell
}

type Kind = 'boolean' | 'number' | 'string' | 'object' | 'array'

function kindOf(value: unknown): Kind | undefined {
  if (value === null || value === undefined) return undefined
  if (Array.isArray(value)) return 'array'
  const type = typeof value
  return type === 'boolean' || type === 'number' || type === 'string' || type === 'object'
    ? type
    : undefined
}

const isIdField = (field: string) => field === 'id' || field.endsWith('_id')
const isObject = (value: unknown): value is Row =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * The columns one top-level field becomes, from the kinds of value it holds across every
 * record (nulls aside): booleans BOOLEAN; `id` and `*_id` whole numbers INT64; other numbers
 * DOUBLE; strings STRING; an embedded object that always has an `id` as `<field>_id` (plus
 * `<field>_name` when it has a `name`); anything else (other objects, arrays, a field of more
 * than one kind, a field null in every record) as its JSON text.
 */
function rulesFor(field: string, rows: readonly Row[], taken: ReadonlySet<string>): ColumnRule[] {
  const values = rows.map((row) => row[field]).filter((value) => kindOf(value) !== undefined)
  const kinds = new Set(values.map(kindOf))
  const only = kinds.size === 1 ? [...kinds][0] : undefined
  const plain = (type: ColumnType, cell: (value: unknown) => Cell): ColumnRule[] => [
    { name: field, type, cell: (row) => cell(row[field]) }
  ]
  if (only === 'boolean') return plain('boolean', booleanCell)
  if (only === 'string') return plain('string', stringCell)
  if (only === 'number') {
    const whole = values.every((value) => Number.isSafeInteger(value))
    return isIdField(field) && whole ? plain('int64', int64Cell) : plain('double', doubleCell)
  }
  if (only === 'object') {
    const objects = values.filter(isObject)
    const flat = [`${field}_id`, `${field}_name`]
    const withId = objects.every((object) => Number.isSafeInteger(object.id))
    if (withId && !flat.some((name) => taken.has(name))) {
      const inner = (key: string) => (row: Row) => (row[field] as Row | null | undefined)?.[key]
      const id = inner('id')
      const rules: ColumnRule[] = [
        { name: flat[0], type: 'int64', cell: (row) => int64Cell(id(row)) }
      ]
      if (objects.some((object) => 'name' in object)) {
        const name = inner('name')
        rules.push({ name: flat[1], type: 'string', cell: (row) => stringCell(name(row)) })
      }
      return rules
    }
  }
  // Only nulls: an `_id` field stays INT64, any other a text column of nulls, so the field
  // stays visible to queries.
  if (only === undefined && isIdField(field)) return plain('int64', int64Cell)
  return plain('string', jsonTextCell)
}

/**
 * The columns of a resource's records (the company is one record), in name order. The
 * schema follows the data, so every value fits its column and a field Harvest adds appears
 * as a column on the next run.
 */
export function resourceColumns(records: readonly Row[]): TableColumn[] {
  const fields = [...new Set(records.flatMap((record) => Object.keys(record)))].sort()
  const taken = new Set(fields)
  return fields
    .flatMap((field) => rulesFor(field, records, taken))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((rule) => ({ name: rule.name, type: rule.type, cells: records.map(rule.cell) }))
}

/** The Parquet bytes of a resource's table, rows in the order given (sorted by id). */
export function encodeResourceTable(records: readonly Row[]): Buffer {
  return encodeTable(resourceColumns(records))
}
