import type { TimeEntry } from '../harvest/types.js'

/** How one day's entries changed against what the store held. */
export interface DayDiff {
  added: TimeEntry[]
  updated: TimeEntry[]
  deleted: TimeEntry[]
}

/** Serialization with sorted keys: equal content compares equal whatever the key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value && typeof value === 'object') {
    const object = value as Record<string, unknown>
    return `{${Object.keys(object)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical(object[key])}`)
      .join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

export function diffEntries(before: TimeEntry[], after: TimeEntry[]): DayDiff {
  const previous = new Map(before.map((entry) => [entry.id, entry]))
  const diff: DayDiff = { added: [], updated: [], deleted: [] }
  for (const entry of after) {
    const old = previous.get(entry.id)
    if (!old) diff.added.push(entry)
    else if (canonical(old) !== canonical(entry)) diff.updated.push(entry)
    previous.delete(entry.id)
  }
  diff.deleted.push(...previous.values())
  return diff
}

export interface DayChangeCounts {
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
