/*
 * Harvest is a third party: every answer it gives is bounded before the exporter acts on it
 * (README, "Safety"). A hostile or broken server can neither exhaust memory, nor stall a run,
 * nor keep a walk going, nor slip an entry past the completeness checks.
 */

/** The most bytes one answer may hold after decompression (and before it). */
export const MAX_BODY_BYTES = 64 * 1024 * 1024

/** The longest `Retry-After` the exporter waits; a longer one fails the run at once. */
export const MAX_RETRY_AFTER_MS = 15 * 60 * 1000

/**
 * The most pages a walk of `total` entries may follow: every full page, the last partial one,
 * two more for entries added while walking; one entry a page without a usable `per_page`.
 */
export function maxPages(total: number, perPage: unknown): number {
  const size =
    typeof perPage === 'number' && Number.isSafeInteger(perPage) && perPage > 0 ? perPage : 1
  return Math.ceil(total / size) + 2
}

/** A positive integer id as Harvest assigns them: anything else cannot be stored or compared. */
export function isRecordId(id: unknown): id is number {
  return typeof id === 'number' && Number.isSafeInteger(id) && id > 0
}

/** A value from Harvest quoted in a message: short, one line, nothing a terminal interprets. */
export function quoted(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value))
  const shown = JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text)
  return shown.replace(
    /[\u007f-\u009f\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
  )
}
