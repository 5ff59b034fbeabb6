/** The "Late changes" part of the job summary and the CLI summary: days before the window. */
import { DAY_TABLE_HEAD, dayJson, dayMarkdownRow, dayTextLines } from './day-lines.js'
import type { LateReport } from './summary.js'

const days = (count: number): string => `${count} ${count === 1 ? 'day' : 'days'}`

export function lateChangesMarkdown(late: LateReport | undefined): string[] {
  if (!late || late.days.length === 0) return []
  return [
    `### Late changes (${days(late.days.length)} before the window)`,
    '',
    `Months read whole: ${late.months.join(', ')}.`,
    '',
    ...DAY_TABLE_HEAD,
    ...late.days.map((day) => dayMarkdownRow(day, true)),
    ''
  ]
}

export function lateChangesText(late: LateReport | undefined): string[] {
  if (!late || late.days.length === 0) return []
  return [
    `late changes: ${days(late.days.length)} before the window rewritten (months read: ${late.months.join(', ')})`,
    ...dayTextLines(late.days, 'late days')
  ]
}

export function lateChangesJson(late: LateReport | undefined): Record<string, unknown> {
  if (!late) return {}
  return { 'late-months-read': late.months, 'late-changed-days': late.days.map(dayJson) }
}
