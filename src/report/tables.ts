import type { ExportSummary } from './summary.js'

const MAX_TABLE_LINES = 50

export function tablesMarkdown(summary: ExportSummary): string[] {
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

/** A count only: each key is already listed among the objects written. */
export function tablesText(summary: ExportSummary): string[] {
  const { tables } = summary
  if (!tables) return []
  return [`tables ${summary.dryRun ? 'that would be written' : 'written'}: ${tables.length}`]
}
