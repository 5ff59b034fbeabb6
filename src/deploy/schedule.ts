/**
 * When an EventBridge schedule next fires after `now` (UTC), for the output of a deploy.
 * cron(minutes hours day-of-month month day-of-week year) with *, ?, lists, ranges and /
 * steps, as EventBridge writes them; L, W and # (rare in a daily export) are not evaluated.
 * A rate() has no fixed time: EventBridge starts counting when the rule is created.
 */
export function nextRun(expression: string, now: Date): string {
  const rate = /^rate\((\d+) (minute|hour|day)s?\)$/.exec(expression)
  if (rate)
    return `every ${rate[1]} ${rate[2]}${rate[1] === '1' ? '' : 's'}, counted from when the rule was created`
  const cron = /^cron\((.+)\)$/.exec(expression)
  const fields = cron?.[1].trim().split(/\s+/)
  if (!fields || fields.length !== 6) return 'unknown'
  const [minutes, hours, days, months, weekdays, years] = fields
  const names = {
    JAN: 1,
    FEB: 2,
    MAR: 3,
    APR: 4,
    MAY: 5,
    JUN: 6,
    JUL: 7,
    AUG: 8,
    SEP: 9,
    OCT: 10,
    NOV: 11,
    DEC: 12,
    SUN: 1,
    MON: 2,
    TUE: 3,
    WED: 4,
    THU: 5,
    FRI: 6,
    SAT: 7
  } as Record<string, number>
  const matcher = (
    field: string,
    low: number,
    high: number
  ): ((value: number) => boolean) | undefined => {
    if (field === '*' || field === '?') return () => true
    const allowed = new Set<number>()
    for (const part of field.split(',')) {
      const match = /^([A-Z0-9]+|\*)(?:-([A-Z0-9]+))?(?:\/(\d+))?$/i.exec(part)
      if (!match) return undefined
      const value = (text: string) => names[text.toUpperCase()] ?? Number(text)
      const start = match[1] === '*' ? low : value(match[1])
      const end =
        match[2] !== undefined
          ? value(match[2])
          : match[3] !== undefined || match[1] === '*'
            ? high
            : start
      const stepBy = match[3] !== undefined ? Number(match[3]) : 1
      if (![start, end, stepBy].every(Number.isFinite)) return undefined
      for (let v = start; v <= end; v += stepBy) allowed.add(v)
    }
    return (value) => allowed.has(value)
  }
  const checks = [
    matcher(minutes, 0, 59),
    matcher(hours, 0, 23),
    matcher(days, 1, 31),
    matcher(months, 1, 12),
    matcher(weekdays, 1, 7),
    matcher(years, 1970, 2199)
  ]
  if (checks.some((check) => check === undefined)) return 'see the rule in the EventBridge console'
  const [minute, hour, day, month, weekday, year] = checks as Array<(value: number) => boolean>
  const time = new Date(now)
  time.setUTCSeconds(0, 0)
  time.setUTCMinutes(time.getUTCMinutes() + 1)
  // Minute by minute would be slow for a yearly rule: skip whole days and hours that cannot match.
  for (let guard = 0; guard < 2_000_000; guard++) {
    if (!(
      year(time.getUTCFullYear()) &&
      month(time.getUTCMonth() + 1) &&
      day(time.getUTCDate()) &&
      weekday(time.getUTCDay() + 1)
    )) {
      time.setUTCDate(time.getUTCDate() + 1)
      time.setUTCHours(0, 0)
    } else if (!hour(time.getUTCHours())) {
      time.setUTCHours(time.getUTCHours() + 1, 0)
    } else if (!minute(time.getUTCMinutes())) {
      time.setUTCMinutes(time.getUTCMinutes() + 1)
    } else {
      return time
        .toISOString()
        .replace(/:00\.000Z$/, ' UTC')
        .replace('T', ' ')
    }
  }
  return 'never'
}
