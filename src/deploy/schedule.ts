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
  const fields = /^cron\((.+)\)$/.exec(expression)?.[1].trim().split(/\s+/)
  if (fields?.length !== 6) return 'unknown'
  // Month and weekday names count from 1 (SUN is 1, as in EventBridge).
  const names: Record<string, number> = Object.fromEntries(
    ['JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC', 'SUN MON TUE WED THU FRI SAT'].flatMap(
      (list) => list.split(' ').map((name, index) => [name, index + 1])
    )
  )
  const value = (text: string) => names[text.toUpperCase()] ?? Number(text)
  const bounds = [0, 59, 0, 23, 1, 31, 1, 12, 1, 7, 1970, 2199]
  const sets = fields.map((field, index) => {
    const [low, high] = bounds.slice(2 * index)
    const allowed = new Set<number>()
    for (const part of field.replace('?', '*').split(',')) {
      const match = /^([A-Z0-9]+|\*)(?:-([A-Z0-9]+))?(?:\/(\d+))?$/i.exec(part)
      if (!match) return undefined
      const start = match[1] === '*' ? low : value(match[1])
      const stepBy = Number(match[3] ?? 1)
      const open = match[3] !== undefined || match[1] === '*'
      const end = match[2] !== undefined ? value(match[2]) : open ? high : start
      if (![start, end, stepBy].every(Number.isFinite)) return undefined
      for (let v = start; v <= end; v += stepBy) allowed.add(v)
    }
    return allowed
  })
  if (sets.some((set) => set === undefined)) return 'see the rule in the EventBridge console'
  const [minute, hour, day, month, weekday, year] = sets as Array<Set<number>>
  const time = new Date(now)
  time.setUTCSeconds(0, 0)
  time.setUTCMinutes(time.getUTCMinutes() + 1)
  // Minute by minute would be slow for a yearly rule: skip whole days and hours that cannot match.
  for (let guard = 0; guard < 2_000_000; guard++) {
    const dayMatches =
      year.has(time.getUTCFullYear()) &&
      month.has(time.getUTCMonth() + 1) &&
      day.has(time.getUTCDate()) &&
      weekday.has(time.getUTCDay() + 1)
    if (!dayMatches) {
      time.setUTCDate(time.getUTCDate() + 1)
      time.setUTCHours(0, 0)
    } else if (!hour.has(time.getUTCHours())) {
      time.setUTCHours(time.getUTCHours() + 1, 0)
    } else if (!minute.has(time.getUTCMinutes())) {
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
