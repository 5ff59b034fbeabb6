/** The "Changes to closed time" part of every rendering: locked or invoiced entries that changed. */
import { invoiceNumber, type ClosedChange } from '../export/closed-changes.js'

/** Rows shown in the job summary and on a terminal; the rest are counted in a note. */
export const MAX_CLOSED_ROWS = 50

type Named = { name?: unknown } | null | undefined

const nameOf = (value: unknown): string => {
  const name = (value as Named)?.name
  return typeof name === 'string' ? name : ''
}

/** The stored entry's names: what finance approved. */
function cells(change: ClosedChange): string[] {
  const { before } = change
  return [
    change.spent_date,
    String(change.id),
    nameOf(before.user),
    nameOf(before.project),
    invoiceNumber(before) ?? '',
    change.change
  ]
}

const escape = (cell: string): string => cell.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')

const leftOut = (count: number): string =>
  `${count} more ${count === 1 ? 'change is' : 'changes are'} left out here; all are in closed_changes (--json, the Lambda result) and, with changes: true, the changes/closed/ log.`

export function closedChangesMarkdown(changes: readonly ClosedChange[]): string[] {
  if (changes.length === 0) return []
  const lines = [
    `### Changes to closed time (${changes.length})`,
    '',
    'Entries that were locked, approved or invoiced when stored, and have since changed or been deleted in Harvest.',
    '',
    '| Day | Entry | User | Project | Invoice | What changed |',
    '|---|---:|---|---|---|---|',
    ...changes
      .slice(0, MAX_CLOSED_ROWS)
      .map((change) => `| ${cells(change).map(escape).join(' | ')} |`)
  ]
  if (changes.length > MAX_CLOSED_ROWS) lines.push('', leftOut(changes.length - MAX_CLOSED_ROWS))
  return [...lines, '']
}

export function closedChangesText(changes: readonly ClosedChange[]): string[] {
  if (changes.length === 0) return []
  const lines = [
    `changes to closed time: ${changes.length} locked, approved or invoiced ${changes.length === 1 ? 'entry' : 'entries'} changed`,
    ...changes.slice(0, MAX_CLOSED_ROWS).map((change) => {
      const [day, id, user, project, invoice, what] = cells(change)
      const invoiced = invoice ? `  invoice ${invoice}` : ''
      return `  ${day}  #${id}  ${user || '-'}  ${project || '-'}${invoiced}  ${what}`
    })
  ]
  if (changes.length > MAX_CLOSED_ROWS)
    lines.push(`  ... ${leftOut(changes.length - MAX_CLOSED_ROWS)}`)
  return lines
}

/** Every change, not only the rows shown. */
export function closedChangesJson(changes: readonly ClosedChange[]): Record<string, unknown> {
  return {
    closed_changes: changes.map(({ id, spent_date, change, before, after }) => ({
      id,
      spent_date,
      change,
      before,
      after
    }))
  }
}
