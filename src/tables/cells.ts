import type { Cell } from './parquet-file.js'

const MS_PER_DAY = 86_400_000

/** Why a value cannot go into its column: the run refuses the table rather than guess. */
export class CellError extends Error {}

function describe(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`
}

function refuse(value: unknown, expected: string): never {
  throw new CellError(`expected ${expected}, found ${describe(value)}`)
}

/** A whole number as INT64 (Harvest's ids); fractions and unsafe integers are refused. */
export function int64Cell(value: unknown): Cell {
  if (value === null || value === undefined) return null
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value)
  return refuse(value, 'a whole number')
}

export function doubleCell(value: unknown): Cell {
  if (value === null || value === undefined) return null
  if (typeof value === 'number' && Number.isFinite(value)) return value
  return refuse(value, 'a number')
}

export function stringCell(value: unknown): Cell {
  if (value === null || value === undefined) return null
  if (typeof value === 'string') return value
  return refuse(value, 'a string')
}

export function booleanCell(value: unknown): Cell {
  if (value === null || value === undefined) return null
  if (typeof value === 'boolean') return value
  return refuse(value, 'true or false')
}

/** Any JSON value as its `JSON.stringify` text (objects, arrays, mixed columns). */
export function jsonTextCell(value: unknown): Cell {
  if (value === null || value === undefined) return null
  return JSON.stringify(value)
}

/** `YYYY-MM-DD` as days since 1970-01-01, the number a Parquet DATE holds. */
export function dateCell(value: unknown): Cell {
  if (value === null || value === undefined) return null
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
export function timestampCell(value: unknown): Cell {
  if (value === null || value === undefined) return null
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/.test(value)) {
    const ms = Date.parse(value)
    if (!Number.isNaN(ms)) return ms
  }
  return refuse(value, 'an ISO 8601 time with a zone')
}
