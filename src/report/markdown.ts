import { closedChangesMarkdown } from './closed-changes.js'
import { DAY_TABLE_HEAD, dayMarkdownRow } from './day-lines.js'
import { lateChangesMarkdown } from './late-changes.js'
import { hoursSeries } from './outputs.js'
import {
  changedDays,
  daysLeft,
  resourcesWritten,
  type ExportSummary,
  type ResourceReport
} from './summary.js'

const MAX_TABLE_LINES = 50

/** The job summary: window, totals, the changed days, and a chart of hours. */
export function summaryMarkdown(summary: ExportSummary): string {
  const lines: string[] = []
  const title = summary.dryRun ? 'Harvest export (dry run: nothing written)' : 'Harvest export'
  lines.push(`## ${title}`, '')
  const days = summary.days.length > 0
  lines.push(
    days
      ? `Window **${summary.windowFrom} → ${summary.windowTo}** (${summary.days.length} days) into \`${summary.location}\``
      : `No time entries (not in \`resources\`), into \`${summary.location}\``,
    ''
  )
  // The totals are the action's outputs, cell for cell; the days without entries that
  // `days-unchanged` includes are told apart below, so a first run's empty weekends do not
  // read as "unchanged".
  const left = daysLeft(summary.days)
  lines.push(
    '| Entries | Days written | Days unchanged | Days emptied | Added | Updated | Deleted | Harvest requests |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
    `| ${summary.entries} | ${summary.daysWritten} | ${summary.daysUnchanged} | ${summary.daysEmptied} | ${summary.added} | ${summary.updated} | ${summary.deleted} | ${summary.harvestRequests} |`,
    ''
  )
  if (left.withoutEntries > 0)
    lines.push(
      `Of the ${summary.daysUnchanged} days unchanged, ${left.withoutEntries} have no entries (nothing to store) and ${left.unchanged} had their file already right.`,
      ''
    )
  const changed = changedDays(summary.days)
  if (changed.length === 0) {
    if (days) lines.push('No day changed: nothing was written.', '')
  } else {
    lines.push(`### Changed days (${changed.length})`, '')
    lines.push(...DAY_TABLE_HEAD, ...changed.map((day) => dayMarkdownRow(day)), '')
  }
  lines.push(...resourcesMarkdown(summary.resources))
  lines.push(...tablesMarkdown(summary))
  lines.push(...lateChangesMarkdown(summary.late))
  lines.push(...closedChangesMarkdown(summary.closedChanges))
  const series = hoursSeries(summary)
  if (series.labels.length > 0) {
    const label = (text: string) => (series.unit === 'day' ? text.slice(5) : text)
    lines.push(`### Hours per ${series.unit}`, '', '```mermaid', 'xychart-beta')
    lines.push(`  title "Hours per ${series.unit}, ${summary.windowFrom} to ${summary.windowTo}"`)
    lines.push(`  x-axis [${series.labels.map((text) => `"${label(text)}"`).join(', ')}]`)
    lines.push(`  y-axis "Hours" 0 --> ${Math.max(1, Math.ceil(Math.max(...series.hours)))}`)
    lines.push(`  bar [${series.hours.join(', ')}]`, '```', '')
  }
  return lines.join('\n')
}

function resourcesMarkdown(rows: readonly ResourceReport[]): string[] {
  if (rows.length === 0) return []
  const lines = [
    `### Resources (${resourcesWritten(rows)} of ${rows.length} written)`,
    '',
    '| Resource | Records | Added | Updated | Deleted | Object |',
    '|---|---:|---:|---:|---:|---|'
  ]
  for (const row of rows) {
    const status = row.status === 'not-refreshed' ? 'not refreshed' : row.status
    const records = row.status === 'not-refreshed' ? '–' : String(row.records)
    lines.push(
      `| ${row.resource} | ${records} | ${row.added} | ${row.updated} | ${row.deleted} | \`${row.key}\` (${status}) |`
    )
  }
  lines.push('')
  return lines
}

function tablesMarkdown(summary: ExportSummary): string[] {
  const { tables } = summary
  if (!tables) return []
  const verb = summary.dryRun ? 'would be written' : 'written'
  if (tables.length === 0)
    return ['### Tables', '', 'Every Parquet table already matched its rows: none written.', '']
  const lines = [`### Tables (${tables.length} ${verb})`, '']
  lines.push(...tables.slice(0, MAX_TABLE_LINES).map((key) => `- \`${key}\``))
  if (tables.length > MAX_TABLE_LINES)
    lines.push(`- ... and ${tables.length - MAX_TABLE_LINES} more (all in \`--json\`'s \`tables\`)`)
  lines.push('')
  return lines
}
