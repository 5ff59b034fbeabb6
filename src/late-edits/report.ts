/** The "Late changes" part of the job summary and the CLI summary: days before the window. */
import type { DayReport } from '../export/types.js'

export interface LateReport {
  /** Months read whole by the sweep. */
  months: string[]
  /** Days before the window that were rewritten (or would be, in a dry run). */
  days: DayReport[]
}

const round = (hours: number): number => Math.round(hours * 100) / 100
const days = (count: number): string => `${count} ${count === 1 ? 'day' : 'days'}`

/** Markdown lines: nothing when the sweep wrote no day. */
export function lateChangesMarkdown(late: LateReport | undefined): string[] {
  if (!late || late.days.length === 0) return []
  const lines = [
    `### Late changes (${days(late.days.length)} before the window)`,
    '',
    `Months read whole: ${late.months.join(', ')}.`,
    '',
    '| Day | Entries | Hours | Added | Updated | Deleted | Moved out |',
    '|---|---:|---:|---:|---:|---:|---:|'
  ]
  for (const day of late.days) {
    lines.push(
      `| ${day.date}${day.status === 'emptied' ? ' (emptied)' : ''} | ${day.entries} | ${round(day.hours)} | ${day.added} | ${day.updated} | ${day.deleted} | ${day.movedOut} |`
    )
  }
  lines.push('')
  return lines
}

const MAX_LINES = 40

/** Plain-text lines for a terminal: nothing when the sweep wrote no day. */
export function lateChangesText(late: LateReport | undefined): string[] {
  if (!late || late.days.length === 0) return []
  const lines = [
    `late changes: ${days(late.days.length)} before the window rewritten (months read: ${late.months.join(', ')})`
  ]
  for (const day of late.days.slice(0, MAX_LINES)) {
    lines.push(
      `  ${day.date}  ${String(day.entries).padStart(5)} entries ${String(round(day.hours)).padStart(8)} h  ` +
        `+${day.added} ~${day.updated} -${day.deleted}${day.movedOut ? ` (moved out ${day.movedOut})` : ''}${day.status === 'emptied' ? '  emptied' : ''}`
    )
  }
  if (late.days.length > MAX_LINES)
    lines.push(`  ... and ${late.days.length - MAX_LINES} more late days`)
  return lines
}

/** `--json` and the Lambda's return value: the sweep's months and days, when it ran. */
export function lateChangesJson(late: LateReport | undefined): Record<string, unknown> {
  if (!late) return {}
  return {
    'late-months-read': late.months,
    'late-changed-days': late.days.map(
      ({ date, entries, hours, added, updated, deleted, movedOut, status }) => ({
        date,
        entries,
        hours: round(hours),
        added,
        updated,
        deleted,
        'moved-out': movedOut,
        emptied: status === 'emptied'
      })
    )
  }
}
