import type { TimeEntry } from '../harvest/types.js'

/** An entry closed when stored that was since deleted, or changed from what was approved. */
export interface ClosedChange {
  id: number
  /** The stored entry's day (its day before a move). */
  spent_date: string
  /** As a person reads it: `hours 4 -> 3.5; moved 2025-01-02 -> 2025-01-09`. */
  change: string
  before: TimeEntry
  /** Null when it was deleted. */
  after: TimeEntry | null
}

type Embedded = { id?: unknown; name?: unknown; number?: unknown } | null | undefined

const embedded = (entry: TimeEntry, field: string) => entry[field] as Embedded

export function wasClosed(entry: TimeEntry): boolean {
  return (
    entry.is_locked === true ||
    entry.is_closed === true ||
    entry.is_billed === true ||
    (entry.invoice !== null && entry.invoice !== undefined)
  )
}

/** The fields whose change breaks what was approved or invoiced. */
const WATCHED: ReadonlyArray<{ label: string; value: (entry: TimeEntry) => unknown }> = [
  { label: 'hours', value: (entry) => entry.hours },
  { label: 'billable', value: (entry) => entry.billable },
  { label: 'project', value: (entry) => embedded(entry, 'project')?.id },
  { label: 'task', value: (entry) => embedded(entry, 'task')?.id },
  { label: 'user', value: (entry) => embedded(entry, 'user')?.id }
]

const shown = (value: unknown) => (value === undefined ? 'none' : (JSON.stringify(value) ?? 'none'))
const text = (value: unknown) => (typeof value === 'string' ? value : shown(value))

/**
 * Undefined when it is no closed-time change: the stored entry was open, only other fields
 * changed (a rename, notes), or the entry is a running timer (its hours grow by themselves).
 */
export function closedChange(before: TimeEntry, after: TimeEntry | null): ClosedChange | undefined {
  if (!wasClosed(before)) return undefined
  const base = { id: before.id, spent_date: before.spent_date, before, after }
  if (after === null) return { ...base, change: 'deleted' }
  if (after.is_running === true) return undefined
  const parts: string[] = []
  for (const field of WATCHED) {
    const [was, now] = [field.value(before), field.value(after)]
    if (was !== now) parts.push(`${field.label} ${text(was)} -> ${text(now)}`)
  }
  if (before.spent_date !== after.spent_date)
    parts.push(`moved ${before.spent_date} -> ${after.spent_date}`)
  return parts.length === 0 ? undefined : { ...base, change: parts.join('; ') }
}

export function invoiceNumber(entry: TimeEntry): string | undefined {
  const number = embedded(entry, 'invoice')?.number
  return typeof number === 'string' ? number : undefined
}
