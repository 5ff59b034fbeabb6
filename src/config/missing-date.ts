const SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/

/**
 * For a value written YYYY-MM-DD that names no day of the calendar (`2026-02-30`), words
 * completing "expected ..." that say so: its format is right, the date does not exist.
 * Undefined for a real date or another shape (the format is then what is wrong).
 */
export function missingDate(value: string): string | undefined {
  const match = SHAPE.exec(value)
  if (!match) return undefined
  const [year, month, day] = match.slice(1).map(Number)
  if (month < 1 || month > 12)
    return `a date that exists (${value} does not: there is no month ${match[2]})`
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate()
  if (day >= 1 && day <= days) return undefined
  const name = new Date(Date.UTC(year, month - 1, 1)).toLocaleString('en-US', {
    month: 'long',
    timeZone: 'UTC'
  })
  return `a date that exists (${value} does not: ${name} ${match[1]} has ${days} days)`
}
