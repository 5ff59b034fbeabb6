import { isIsoDate } from '../src/util/calendar.js'

/** Harvest's datetime parameter: ISO 8601 with a zone, or a bare date (midnight UTC). */
export function parseDateTime(value: string): number | null {
  if (isIsoDate(value)) return Date.parse(`${value}T00:00:00Z`)
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(value))
    return null
  const ms = Date.parse(value)
  return Number.isNaN(ms) ? null : ms
}
