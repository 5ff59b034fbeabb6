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
  /** The run date in the configured zone (names the snapshot object and change-log files). */
  today: string
  /** The run's wall-clock time in the zone, `HHMMSS` (names change-log files). */
  time: string
  days: number
}

/**
 * The window of spent dates a run covers. The rolling default is `today - daysBack ..
 * today`, inclusive (so 90 days back is 91 calendar days, as the original script did);
 * `from`/`to` override either end for a backfill.
 */
export function computeWindow(settings: WindowSettings, now: Date): ExportWindow {
  const { date: today, time } = zonedParts(now, settings.timeZone)
  const from = settings.from ?? addDays(today, -settings.daysBack)
  const to = settings.to ?? today
  return { from, to, today, time, days: from <= to ? daysBetweenInclusive(from, to) : 0 }
}
