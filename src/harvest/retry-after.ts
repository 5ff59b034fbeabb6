import { HarvestError } from '../errors.js'
import { MAX_RETRY_AFTER_MS, quoted } from './bounds.js'

/** Harvest's window is 15 s; without a hint, waiting that long is always enough. */
const DEFAULT_WAIT_MS = 15_000

/**
 * How long a 429 asks to wait, in ms (a little more, so the window has surely passed).
 * A wait above `MAX_RETRY_AFTER_MS` fails at once: sleeping that long would stall the run
 * (a Lambda would time out), and past 2^31 ms Node's timers would fire at once instead.
 */
export function retryAfterMs(header: string | undefined, now = Date.now()): number {
  const wait = requestedWait(header, now)
  if (wait === undefined) return DEFAULT_WAIT_MS
  if (wait > MAX_RETRY_AFTER_MS) {
    throw new HarvestError(
      `Harvest answered 429 (rate limit) asking to wait ${describeWait(wait)} (Retry-After: ${quoted(header)}), ` +
        `longer than the ${MAX_RETRY_AFTER_MS / 60_000} minutes the exporter waits at most: nothing was written; run the export again later.`
    )
  }
  return wait + 100
}

function requestedWait(header: string | undefined, now: number): number | undefined {
  if (!header) return undefined
  const seconds = Number(header)
  if (header.trim() !== '' && Number.isFinite(seconds) && seconds >= 0) {
    return Math.ceil(seconds * 1000)
  }
  const date = Date.parse(header)
  if (!Number.isNaN(date)) return Math.max(0, date - now)
  // A number too large to be finite is a wait too long all the same.
  if (/^\s*\d+\s*$/.test(header)) return Number.POSITIVE_INFINITY
  return undefined
}

function describeWait(ms: number): string {
  if (!Number.isFinite(ms)) return 'forever'
  const seconds = Math.ceil(ms / 1000)
  const minutes = ms / 60_000
  const about =
    minutes < 120
      ? `${Math.ceil(minutes)} minutes`
      : minutes < 48 * 60
        ? `${Math.round(minutes / 60)} hours`
        : `${Math.round(minutes / 1440)} days`
  return `${seconds} s (about ${about})`
}
