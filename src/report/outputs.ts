import { closedChangesJson } from './closed-changes.js'
import { dayJson } from './day-lines.js'
import { lateChangesJson } from './late-changes.js'
import { changedDays, type ExportSummary } from './summary.js'

/** The action's outputs (the README's Outputs table); also the Lambda's return value and `--json`'s body. */
export function summaryOutputs(summary: ExportSummary): Record<string, string | number | boolean> {
  return {
    entries: summary.entries,
    'days-written': summary.daysWritten,
    'days-unchanged': summary.daysUnchanged,
    'days-emptied': summary.daysEmptied,
    added: summary.added,
    updated: summary.updated,
    deleted: summary.deleted,
    'window-from': summary.windowFrom,
    'window-to': summary.windowTo,
    'harvest-requests': summary.harvestRequests,
    'resources-written': summary.resourcesWritten,
    'late-days-written': summary.lateDaysWritten,
    'tables-written': summary.tables?.length ?? 0,
    'closed-changes': summary.closedChanges.length
  }
}

/** `--json` and the Lambda's return value: the outputs plus what a script may want next. */
export function summaryJson(summary: ExportSummary): Record<string, unknown> {
  return {
    ...summaryOutputs(summary),
    'dry-run': summary.dryRun,
    location: summary.location,
    'objects-written': summary.objectsWritten,
    'changed-days': changedDays(summary.days).map(dayJson),
    resources: summary.resources.map((row) => ({ ...row })),
    ...(summary.tables && { tables: summary.tables }),
    ...lateChangesJson(summary.late),
    ...closedChangesJson(summary.closedChanges)
  }
}
