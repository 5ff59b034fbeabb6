import { ExportError, UserError } from '../errors.js'
import { words } from '../wording.js'
import type { ExportSummary } from '../report/summary.js'

/** A user-facing failure, plus which days it left unrefreshed (their files untouched). */
export function failureWithContext(failure: unknown, summary: ExportSummary): unknown {
  if (!(failure instanceof UserError)) return failure
  const missed = summary.days.filter((day) => day.status === 'not-refreshed')
  if (missed.length === 0) return failure
  const first = missed[0].date
  const last = missed[missed.length - 1].date
  const written =
    summary.daysWritten > 0 ? ` ${summary.daysWritten} other days were brought up to date.` : ''
  return new ExportError(
    words`${failure.wording}\n${missed.length} days (${first}..${last}) were not refreshed; their stored files are untouched.${written}`,
    { cause: failure }
  )
}
