/** `YYYYMMDD-HHMMSS` of `date` on the wall clock of the IANA `zone`, as change-log keys spell it. */
export function wallClock(date: Date, zone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit'
    })
      .formatToParts(date)
      .map((part) => [part.type, part.value])
  )
  return `${parts.year}${parts.month}${parts.day}-${parts.hour}${parts.minute}${parts.second}`
}

/** `YYYY-MM-DD` today in `zone`. */
export function todayIn(zone: string, date = new Date()): string {
  return wallClock(date, zone)
    .slice(0, 8)
    .replace(/^(\d{4})(\d\d)(\d\d)$/, '$1-$2-$3')
}

/** Every `wallClock` stamp between two instants (one per second, a second either side). */
export function stampsBetween(startMs: number, endMs: number, zone: string): Set<string> {
  const stamps = new Set<string>()
  for (let ms = startMs - 1000; ms <= endMs + 1000; ms += 1000)
    stamps.add(wallClock(new Date(ms), zone))
  return stamps
}
