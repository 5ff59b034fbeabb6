import type { Cell, ColumnType } from './parquet-file.js'

const MS_PER_DAY = 86_400_000

/** Why a value cannot go into its column: the run refuses the table rather than guess. */
export class CellError extends Error {}

function refuse(value: unknown, expected: string): never {
  const found = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`
  throw new CellError(`expected ${expected}, found ${found}`)
}

/** A converter that keeps null and undefined as null cells. */
const nullable =
  (convert: (value: unknown) => Cell) =>
  (value: unknown): Cell =>
    value === null || value === undefined ? null : convert(value)

/** `YYYY-MM-DD` as days since 1970-01-01, the number a Parquet DATE holds. */
function dateCell(value: unknown): Cell {
  const match = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null
  if (!match) return refuse(value, 'a YYYY-MM-DD date')
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const ms = Date.UTC(year, month - 1, day)
  const back = new Date(ms)
  if (
    back.getUTCFullYear() !== year ||
    back.getUTCMonth() !== month - 1 ||
    back.getUTCDate() !== day
  )
    return refuse(value, 'a real calendar date')
  return ms / MS_PER_DAY
}

/**
 * An ISO 8601 time with its zone (Harvest's `...Z`) as a UTC instant, in milliseconds since
 * 1970 (what a TIMESTAMP_MILLIS column holds; a number keeps a month's rows small in memory).
 */
function timestampCell(value: unknown): Cell {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/.test(value)) {
    const ms = Date.parse(value)
    if (!Number.isNaN(ms)) return ms
  }
  return refuse(value, 'an ISO 8601 time with a zone')
}

/** Each column type's cell of a value; a value that does not fit is refused, never coerced. */
export const CELL: Record<ColumnType, (value: unknown) => Cell> = {
  // Harvest's ids: fractions and unsafe integers are refused.
  int64: nullable((value) =>
    typeof value === 'number' && Number.isSafeInteger(value)
      ? BigInt(value)
      : refuse(value, 'a whole number')
  ),
  double: nullable((value) =>
    typeof value === 'number' && Number.isFinite(value) ? value : refuse(value, 'a number')
  ),
  string: nullable((value) => (typeof value === 'string' ? value : refuse(value, 'a string'))),
  boolean: nullable((value) =>
    typeof value === 'boolean' ? value : refuse(value, 'true or false')
  ),
  date: nullable(dateCell),
  timestamp: nullable(timestampCell)
}

/** Any JSON value as its `JSON.stringify` text (objects, arrays, mixed columns). */
export const jsonTextCell = nullable((value) => JSON.stringify(value))
