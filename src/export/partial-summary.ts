import { ExportError, UserError } from '../errors.js'
import { words } from '../wording.js'
import type { ExportSummary } from './types.js'

/** Failed runs' summaries, by the error they failed with (the error itself stays as it is). */
const PARTIAL = new WeakMap<object, ExportSummary>()

/** Records what the run did before `error`, for a face that reports it (`--json`). */
export function withPartialSummary(error: unknown, summary: ExportSummary): unknown {
  if (typeof error === 'object' && error !== null) PARTIAL.set(error, summary)
  return error
}

/** What a failed run did before it failed, when it got as far as a summary. */
export function partialSummaryOf(error: unknown): ExportSummary | undefined {
  return typeof error === 'object' && error !== null ? PARTIAL.get(error) : undefined
}

/** A user-facing failure, plus the days it left unrefreshed. */
export function failureWithContext(failure: unknown, summary: ExportSummary): unknown {
  if (!(failure instanceof UserError)) return failure
  const missed = summary.days.filter((day) => day.status === 'not-refreshed')
  if (missed.length === 0) return failure
  const [first, last] = [missed[0].date, missed[missed.length - 1].date]
  const written =
    summary.daysWritten > 0 ? ` ${summary.daysWritten} other days were brought up to date.` : ''
  return new ExportError(
    words`${failure.wording}\n${missed.length} days (${first}..${last}) were not refreshed; their stored files are untouched.${written}`,
    { cause: failure }
  )
}
