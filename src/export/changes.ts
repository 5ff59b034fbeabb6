import type { TimeEntry } from '../harvest/types.js'

/** How one day's entries changed against what the store held. */
interface DayDiff {
  added: TimeEntry[]
  updated: TimeEntry[]
  deleted: TimeEntry[]
}

/** Equal JSON content, whatever the key order (a stored file may predate a field reorder). */
function sameContent(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false
    return a.every((item, index) => sameContent(item, b[index]))
  }
  const left = a as Record<string, unknown>
  const right = b as Record<string, unknown>
  const keys = Object.keys(left)
  if (keys.length !== Object.keys(right).length) return false
  return keys.every((key) => Object.hasOwn(right, key) && sameContent(left[key], right[key]))
}

export function diffEntries(before: TimeEntry[], after: TimeEntry[]): DayDiff {
  const previous = new Map(before.map((entry) => [entry.id, entry]))
  const diff: DayDiff = { added: [], updated: [], deleted: [] }
  for (const entry of after) {
    const old = previous.get(entry.id)
    if (!old) diff.added.push(entry)
    else if (!sameContent(old, entry)) diff.updated.push(entry)
    previous.delete(entry.id)
  }
  diff.deleted.push(...previous.values())
  return diff
}

interface DayChangeCounts {
  added: number
  updated: number
  deleted: number
  /** Entries that left this day for another day of the window (counted as updated there). */
  movedOut: number
}

/**
 * Collects every day's diff for the whole run. An entry that moved between two days of
 * the window shows up as deleted on one and added on the other; `settle` turns each such
 * pair into one update, so totals count what happened to entries, not to files.
 */
export class ChangeLedger {
  private readonly added = new Map<number, { date: string; entry?: TimeEntry }>()
  private readonly deleted = new Map<number, { date: string; entry?: TimeEntry }>()
  private readonly updated = new Map<number, { date: string; entry?: TimeEntry }>()

  /** `keepEntries` keeps full entries (for the change log); otherwise ids only, to save memory. */
  constructor(private readonly keepEntries: boolean) {}

  record(date: string, diff: DayDiff): void {
    const keep = (entry: TimeEntry): { date: string; entry?: TimeEntry } =>
      this.keepEntries ? { date, entry } : { date }
    for (const entry of diff.added) this.added.set(entry.id, keep(entry))
    for (const entry of diff.updated) this.updated.set(entry.id, keep(entry))
    for (const entry of diff.deleted) this.deleted.set(entry.id, keep(entry))
  }

  /** Per-day counts after moves are settled, and the change log's three lists. */
  settle(): {
    byDate: Map<string, DayChangeCounts>
    totals: { added: number; updated: number; deleted: number }
    log: { new: TimeEntry[]; updated: TimeEntry[]; deleted: TimeEntry[] }
  } {
    const byDate = new Map<string, DayChangeCounts>()
    const counts = (date: string): DayChangeCounts => {
      let day = byDate.get(date)
      if (!day) byDate.set(date, (day = { added: 0, updated: 0, deleted: 0, movedOut: 0 }))
      return day
    }
    const log = { new: [] as TimeEntry[], updated: [] as TimeEntry[], deleted: [] as TimeEntry[] }
    const push = (list: TimeEntry[], entry?: TimeEntry): void => {
      if (entry) list.push(entry)
    }
    for (const change of this.updated.values()) {
      counts(change.date).updated++
      push(log.updated, change.entry)
    }
    const deleted = new Map(this.deleted)
    for (const [id, change] of this.added) {
      const origin = deleted.get(id)
      if (origin) {
        counts(change.date).updated++
        counts(origin.date).movedOut++
        push(log.updated, change.entry)
        deleted.delete(id)
      } else {
        counts(change.date).added++
        push(log.new, change.entry)
      }
    }
    for (const change of deleted.values()) {
      counts(change.date).deleted++
      push(log.deleted, change.entry)
    }
    const totals = { added: 0, updated: 0, deleted: 0 }
    for (const day of byDate.values()) {
      totals.added += day.added
      totals.updated += day.updated
      totals.deleted += day.deleted
    }
    return { byDate, totals, log }
  }
}
