/**
 * Calendar-date arithmetic on `YYYY-MM-DD` strings. Dates are plain calendar days, so the
 * math runs in UTC where no day is ever 23 or 25 hours long; only "today" depends on a zone.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** True when `value` is a real calendar date written `YYYY-MM-DD` (rejects 2025-02-30). */
export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value)
  if (!match) return false
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])))
  return date.toISOString().slice(0, 10) === value
}

export function addDays(date: string, days: number): string {
  const ms = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000
  return new Date(ms).toISOString().slice(0, 10)
}

/** `2025-02` -> `2025-02-28`: the last calendar day of a month written `YYYY-MM`. */
export function lastDayOfMonth(month: string): string {
  const [year, number] = month.split('-').map(Number)
  // Day 0 of the next month is the last day of this one.
  return new Date(Date.UTC(year, number, 0)).toISOString().slice(0, 10)
}

export function daysBetweenInclusive(from: string, to: string): number {
  return (
    Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1
  )
}

export function eachDate(from: string, to: string): string[] {
  return Array.from({ length: daysBetweenInclusive(from, to) }, (_, offset) =>
    addDays(from, offset)
  )
}

/** `2025-01-31` -> `20250131` */
export function compactDate(date: string): string {
  return date.replaceAll('-', '')
}

/** `YYYYMMDD` -> `YYYY-MM-DD`. */
export function expandDate(compact: string): string {
  return `${compact.slice(0, 4)}-${compact.slice(4, 6)}-${compact.slice(6, 8)}`
}

/** True when `timeZone` is an IANA zone name this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  if (!timeZone || /[^A-Za-z0-9_+\-/]/.test(timeZone)) return false
  try {
    new Intl.DateTimeFormat('en-US', { timeZone })
    return true
  } catch {
    return false
  }
}

export function zonedParts(instant: Date, timeZone: string): { date: string; time: string } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit'
  }).formatToParts(instant)
  const get = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((part) => part.type === type)?.value ?? '00'
  return {
    date: `${get('year')}-${get('month')}-${get('day')}`,
    time: `${get('hour')}${get('minute')}${get('second')}`
  }
}
