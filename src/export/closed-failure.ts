import { UserError } from '../errors.js'
import { setting, words } from '../wording.js'
import type { ExportSummary } from '../report/summary.js'
import { partialSummaryOf } from './partial-summary.js'

/**
 * `on-closed-change: fail`: the run wrote and reported everything; failing it is the alert
 * (a failed workflow's mail, a Lambda error alarm).
 */
export class ClosedTimeChanged extends UserError {}
Object.defineProperty(ClosedTimeChanged.prototype, 'name', {
  value: 'ClosedTimeChanged',
  writable: true,
  configurable: true
})

export function closedTimeChanged(
  summary: ExportSummary,
  logKey: string | undefined
): ClosedTimeChanged {
  const count = summary.closedChanges.length
  const entries =
    count === 1
      ? '1 entry that was locked, approved or invoiced when stored has'
      : `${count} entries that were locked, approved or invoiced when stored have`
  const done = summary.dryRun ? 'nothing was written (dry run)' : 'everything was written'
  const where = logKey
    ? `the "Changes to closed time" table of the summary, and ${logKey}`
    : `the "Changes to closed time" table of the summary (or closed_changes in the JSON result)`
  return new ClosedTimeChanged(
    words`Changes to closed time: ${entries} changed or been deleted; ${done}. Read them in ${where}. This run fails because of ${setting('onClosedChange', 'fail')}; the next run passes unless closed time changes again.`
  )
}

/** The summary of a run that completed, then failed on `on-closed-change: fail`. */
export function completedSummary(error: unknown): ExportSummary | undefined {
  return error instanceof ClosedTimeChanged ? partialSummaryOf(error) : undefined
}
