import { zonedParts } from '../../src/util/calendar.js'

/** `YYYYMMDD-HHMMSS` of `date` on the wall clock of the IANA `zone`, as change-log keys spell it. */
export function wallClock(date: Date, zone: string): string {
  const { date: day, time } = zonedParts(date, zone)
  return `${day.replaceAll('-', '')}-${time}`
}

/** `YYYY-MM-DD` today in `zone`. */
export function todayIn(zone: string, date = new Date()): string {
  return zonedParts(date, zone).date
}

/** Every `wallClock` stamp between two instants (one per second, a second either side). */
export function stampsBetween(startMs: number, endMs: number, zone: string): Set<string> {
  const stamps = new Set<string>()
  for (let ms = startMs - 1000; ms <= endMs + 1000; ms += 1000)
    stamps.add(wallClock(new Date(ms), zone))
  return stamps
}
