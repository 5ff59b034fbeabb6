/**
 * Running timers as Harvest serves them: `is_running: true`, `timer_started_at` set, and
 * `hours` (and `rounded_hours`) growing with the clock on every read while `updated_at` stays.
 * Stopping fixes the hours, clears `timer_started_at` and moves `updated_at`.
 */
import type { TimeEntry } from '../src/harvest/types.js'
import { clockTime, formatTimestamp } from './harvest-data.js'

const HOUR_MS = 3_600_000

function round2(value: number): number {
  return Math.round(value * 100) / 100
}

function minutesOfDay(ms: number): number {
  return Math.floor((ms % 86_400_000) / 60_000)
}

/** The hours a running entry shows at `nowMs`: what it had before the timer plus the elapsed time. */
export function runningHours(entry: TimeEntry, nowMs: number): number {
  const started = Date.parse(String(entry.timer_started_at))
  const before = typeof entry.hours_without_timer === 'number' ? entry.hours_without_timer : 0
  if (Number.isNaN(started)) return before
  return round2(before + Math.max(0, nowMs - started) / HOUR_MS)
}

/** Brings a running entry's hours to `nowMs`, in place; updated_at is left alone. */
export function refreshRunning(entry: TimeEntry, nowMs: number): void {
  const hours = runningHours(entry, nowMs)
  entry.hours = hours
  entry.rounded_hours = Math.ceil(hours * 4) / 4
}

/** The fields of an entry whose timer starts at `startMs` with `hoursBefore` already logged. */
export function timerStartFields(startMs: number, hoursBefore: number): Partial<TimeEntry> {
  return {
    hours: round2(hoursBefore),
    hours_without_timer: round2(hoursBefore),
    rounded_hours: Math.ceil(hoursBefore * 4) / 4,
    timer_started_at: formatTimestamp(startMs),
    started_time: clockTime(minutesOfDay(startMs)),
    ended_time: null,
    is_running: true
  }
}

/** The fields of a running entry stopped at `nowMs`. */
export function timerStopFields(entry: TimeEntry, nowMs: number): Partial<TimeEntry> {
  const hours = runningHours(entry, nowMs)
  return {
    hours,
    hours_without_timer: hours,
    rounded_hours: Math.ceil(hours * 4) / 4,
    timer_started_at: null,
    ended_time: clockTime(minutesOfDay(nowMs)),
    is_running: false
  }
}
