import { closedChangesJson } from './closed-changes.js'
import { dayJson, roundHours } from './day-lines.js'
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

/** Hours per bar for the chart: per day for up to four months, per month beyond. */
export function hoursSeries(summary: ExportSummary): {
  unit: 'day' | 'month'
  labels: string[]
  hours: number[]
} {
  const perDay = summary.days.length <= 124
  const totals = new Map<string, number>()
  for (const day of summary.days) {
    const label = perDay ? day.date : day.date.slice(0, 7)
    totals.set(label, (totals.get(label) ?? 0) + day.hours)
  }
  return {
    unit: perDay ? 'day' : 'month',
    labels: [...totals.keys()],
    hours: [...totals.values()].map(roundHours)
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
