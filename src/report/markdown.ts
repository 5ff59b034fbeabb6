import { closedChangesMarkdown } from './closed-changes.js'
import { DAY_TABLE_HEAD, dayMarkdownRow, roundHours } from './day-lines.js'
import { lateChangesMarkdown } from './late-changes.js'
import { changedDays, daysLeft, type ExportSummary } from './summary.js'

const MAX_TABLE_LINES = 50

/** The job summary: window, totals, the changed days, and a chart of hours. */
export function summaryMarkdown(summary: ExportSummary): string {
  const days = summary.days.length > 0
  const lines = [
    summary.dryRun ? '## Harvest export (dry run: nothing written)' : '## Harvest export',
    '',
    days
      ? `Window **${summary.windowFrom} → ${summary.windowTo}** (${summary.days.length} days) into \`${summary.location}\``
      : `No time entries (not in \`resources\`), into \`${summary.location}\``,
    '',
    // The totals are the action's outputs, cell for cell; the days without entries that
    // `days-unchanged` includes are told apart below, so a first run's empty weekends do not
    // read as "unchanged".
    '| Entries | Days written | Days unchanged | Days emptied | Added | Updated | Deleted | Harvest requests |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
    `| ${summary.entries} | ${summary.daysWritten} | ${summary.daysUnchanged} | ${summary.daysEmptied} | ${summary.added} | ${summary.updated} | ${summary.deleted} | ${summary.harvestRequests} |`,
    ''
  ]
  const left = daysLeft(summary.days)
  if (left.withoutEntries > 0)
    lines.push(
      `Of the ${summary.daysUnchanged} days unchanged, ${left.withoutEntries} have no entries (nothing to store) and ${left.unchanged} had their file already right.`,
      ''
    )
  const changed = changedDays(summary.days)
  if (changed.length > 0) {
    lines.push(`### Changed days (${changed.length})`, '', ...DAY_TABLE_HEAD)
    lines.push(...changed.map((day) => dayMarkdownRow(day)), '')
  } else if (days) lines.push('No day changed: nothing was written.', '')
  lines.push(...resourcesMarkdown(summary), ...tablesMarkdown(summary))
  lines.push(...lateChangesMarkdown(summary.late), ...closedChangesMarkdown(summary.closedChanges))
  if (days) lines.push(...hoursChart(summary))
  return lines.join('\n')
}

function resourcesMarkdown({ resources, resourcesWritten }: ExportSummary): string[] {
  if (resources.length === 0) return []
  const lines = [
    `### Resources (${resourcesWritten} of ${resources.length} written)`,
    '',
    '| Resource | Records | Added | Updated | Deleted | Object |',
    '|---|---:|---:|---:|---:|---|'
  ]
  for (const row of resources) {
    const status = row.status === 'not-refreshed' ? 'not refreshed' : row.status
    const records = row.status === 'not-refreshed' ? '–' : String(row.records)
    lines.push(
      `| ${row.resource} | ${records} | ${row.added} | ${row.updated} | ${row.deleted} | \`${row.key}\` (${status}) |`
    )
  }
  lines.push('')
  return lines
}

function tablesMarkdown({ tables, dryRun }: ExportSummary): string[] {
  if (!tables) return []
  if (tables.length === 0)
    return ['### Tables', '', 'Every Parquet table already matched its rows: none written.', '']
  const lines = [`### Tables (${tables.length} ${dryRun ? 'would be written' : 'written'})`, '']
  lines.push(...tables.slice(0, MAX_TABLE_LINES).map((key) => `- \`${key}\``))
  if (tables.length > MAX_TABLE_LINES)
    lines.push(`- ... and ${tables.length - MAX_TABLE_LINES} more (all in \`--json\`'s \`tables\`)`)
  lines.push('')
  return lines
}

/**
 * Hours per bar: per day (labelled `MM-DD`) while no label repeats, so for windows of up to a
 * year; per month beyond, where a day's bar would be too thin to read.
 */
function hoursChart(summary: ExportSummary): string[] {
  const labels = new Set(summary.days.map(({ date }) => date.slice(5)))
  const unit = labels.size === summary.days.length ? 'day' : 'month'
  const totals = new Map<string, number>()
  for (const { date, hours } of summary.days) {
    const label = unit === 'day' ? date.slice(5) : date.slice(0, 7)
    totals.set(label, (totals.get(label) ?? 0) + hours)
  }
  const hours = [...totals.values()].map(roundHours)
  const lines = [`### Hours per ${unit}`, '', '```mermaid', 'xychart-beta']
  lines.push(`  title "Hours per ${unit}, ${summary.windowFrom} to ${summary.windowTo}"`)
  lines.push(`  x-axis [${[...totals.keys()].map((label) => `"${label}"`).join(', ')}]`)
  lines.push(`  y-axis "Hours" 0 --> ${Math.max(1, Math.ceil(Math.max(...hours)))}`)
  lines.push(`  bar [${hours.join(', ')}]`, '```', '')
  return lines
}
