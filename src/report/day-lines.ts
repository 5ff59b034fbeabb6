/** One changed day as each rendering shows it: the window's days and the late ones alike. */
import type { DayReport } from './summary.js'

export function roundHours(hours: number): number {
  return Math.round(hours * 100) / 100
}

export const DAY_TABLE_HEAD = [
  '| Day | Entries | Hours | Added | Updated | Deleted | Moved out |',
  '|---|---:|---:|---:|---:|---:|---:|'
]

/** A row under DAY_TABLE_HEAD; `marked` notes an emptied day beside its date. */
export function dayMarkdownRow(day: DayReport, marked = false): string {
  const date = `${day.date}${marked && day.status === 'emptied' ? ' (emptied)' : ''}`
  return `| ${date} | ${day.entries} | ${roundHours(day.hours)} | ${day.added} | ${day.updated} | ${day.deleted} | ${day.movedOut} |`
}

const MAX_TEXT_LINES = 40

/** At most 40 days, then how many more `what` there are. */
export function dayTextLines(days: readonly DayReport[], what: string): string[] {
  const lines = days.slice(0, MAX_TEXT_LINES).map(dayTextLine)
  if (days.length > MAX_TEXT_LINES)
    lines.push(`  ... and ${days.length - MAX_TEXT_LINES} more ${what}`)
  return lines
}

function dayTextLine(day: DayReport): string {
  return (
    `  ${day.date}  ${String(day.entries).padStart(5)} entries ${String(roundHours(day.hours)).padStart(8)} h  ` +
    `+${day.added} ~${day.updated} -${day.deleted}${day.movedOut ? ` (moved out ${day.movedOut})` : ''}${day.status === 'emptied' ? '  emptied' : ''}`
  )
}

export function dayJson(day: DayReport): Record<string, unknown> {
  const { date, entries, hours, added, updated, deleted, movedOut, status } = day
  return {
    date,
    entries,
    hours: roundHours(hours),
    added,
    updated,
    deleted,
    'moved-out': movedOut,
    emptied: status === 'emptied'
  }
}
