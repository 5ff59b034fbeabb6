/**
 * The simulator's one clock: it stamps `updated_at`, grows running timers and fills the HTTP
 * `Date` header, so a client that takes "now" from Harvest's `Date` sees the same time as the
 * data. Real time by default; tests inject `now()` or move it with `advance()` / `set()`.
 */
import { formatTimestamp } from './harvest-data.js'

export class SimClock {
  private offsetMs = 0
  private fixedMs: number | null = null

  constructor(private readonly source: () => number = Date.now) {}

  /** Milliseconds since the epoch. */
  now(): number {
    return (this.fixedMs ?? this.source()) + this.offsetMs
  }

  /** Moves the clock forward (or back, with a negative value). */
  advance(ms: number): void {
    if (!Number.isFinite(ms)) throw new Error(`advanceClock needs a finite number, got ${ms}`)
    this.offsetMs += ms
  }

  /** Stops the clock at `at` (it moves only with advance() afterwards). */
  set(at: number | Date | string): void {
    const ms = at instanceof Date ? at.getTime() : typeof at === 'string' ? Date.parse(at) : at
    if (!Number.isFinite(ms)) throw new Error(`setClock needs a valid time, got ${String(at)}`)
    this.fixedMs = ms
    this.offsetMs = 0
  }

  /** Harvest's second-precision timestamp, e.g. '2025-03-31T15:00:00Z'. */
  timestamp(): string {
    return formatTimestamp(this.now())
  }

  /** RFC 7231 IMF-fixdate, e.g. 'Mon, 31 Mar 2025 15:00:00 GMT'. */
  httpDate(): string {
    return new Date(this.now()).toUTCString()
  }

  /**
   * A fresh `updated_at`: the clock's second, but never at or before `previous`, so an edit is
   * always seen by `updated_since` even on data stamped ahead of the clock.
   */
  stampAfter(previous: unknown): string {
    const previousMs = typeof previous === 'string' ? Date.parse(previous) : NaN
    const floor = Number.isNaN(previousMs) ? -Infinity : previousMs + 1000
    return formatTimestamp(Math.max(Math.floor(this.now() / 1000) * 1000, floor))
  }
}
