import { addDays, daysBetweenInclusive, zonedParts } from '../util/calendar.js'

export interface WindowSettings {
  daysBack: number
  from?: string
  to?: string
  timeZone: string
}

export interface ExportWindow {
  from: string
  to: string
  /** The run date in the configured zone. */
  today: string
  /** The run's wall-clock time in the zone, `HHMMSS`. */
  time: string
  days: number
}

/** `today - daysBack .. today` inclusive (90 days back is 91 days, as the original script did). */
export function computeWindow(settings: WindowSettings, now: Date): ExportWindow {
  const { date: today, time } = zonedParts(now, settings.timeZone)
  const from = settings.from ?? addDays(today, -settings.daysBack)
  const to = settings.to ?? today
  return { from, to, today, time, days: from <= to ? daysBetweenInclusive(from, to) : 0 }
}
