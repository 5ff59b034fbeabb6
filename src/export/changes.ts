import type { TimeEntry } from '../harvest/types.js'
import { closedChange, wasClosed, type ClosedChange } from './closed-changes.js'
import type { DayReport } from '../report/summary.js'

/** How one day's entries changed against what the store held. */
interface DayDiff {
  added: TimeEntry[]
  updated: TimeEntry[]
  deleted: TimeEntry[]
  /** The stored version of each updated entry, by id. */
  previous: Map<number, TimeEntry>
  /** The stored file held an entry (a move can only come from such a day). */
  storedAny: boolean
}

/**
 * Equal JSON content, whatever the key order (a stored file may predate a field reorder).
 * Not `node:util`'s isDeepStrictEqual: that tells -0 from 0, and a stored file holds -0 as 0.
 */
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
  const diff: DayDiff = {
    added: [],
    updated: [],
    deleted: [],
    previous: new Map(),
    storedAny: before.length > 0
  }
  for (const entry of after) {
    const old = previous.get(entry.id)
    if (!old) diff.added.push(entry)
    else if (!sameContent(old, entry)) {
      diff.updated.push(entry)
      diff.previous.set(entry.id, old)
    }
    previous.delete(entry.id)
  }
  diff.deleted.push(...previous.values())
  return diff
}

/** A day and, when the ledger keeps them, the entry. */
type Noted = { date: string; entry?: TimeEntry }

type DayChangeCounts = Pick<DayReport, 'added' | 'updated' | 'deleted' | 'movedOut'>

/**
 * New entries kept whole from days whose stored file held nothing: enough to pair any
 * realistic number of moves, while a first run into an empty prefix keeps ids only past this.
 */
export const UNSTORED_ADDED_KEPT = 5000

/**
 * Every day's diff for the whole run. A move between two days shows as deleted on one and
 * added on the other; `settle` makes each such pair one update, so totals count entries, not
 * files. A closed entry deleted on one day pairs at `settle` with its new version if it
 * moved, so new entries are kept whole where they can be that half: days whose stored file
 * held entries, or the first `UNSTORED_ADDED_KEPT` of others; past that an unpaired move is
 * still reported, its `after` reduced to the id and new day.
 */
export class ChangeLedger {
  private readonly added = new Map<number, Noted>()
  private readonly deleted = new Map<number, Noted>()
  private readonly updated = new Map<number, Noted>()
  private readonly closedUpdates: ClosedChange[] = []
  private readonly closedDeletes = new Map<number, TimeEntry>()
  private readonly movedCandidates = new Map<number, TimeEntry>()
  private unstoredKept = 0

  /** `keepEntries` keeps full entries (for the change log); otherwise ids only, to save memory. */
  constructor(private readonly keepEntries: boolean) {}

  record(date: string, diff: DayDiff): void {
    const keep = (entry: TimeEntry): Noted => (this.keepEntries ? { date, entry } : { date })
    for (const entry of diff.added) {
      this.added.set(entry.id, keep(entry))
      if (this.keepEntries) continue
      const stored = diff.storedAny || this.closedDeletes.has(entry.id)
      if (!stored && this.unstoredKept >= UNSTORED_ADDED_KEPT) continue
      if (!stored) this.unstoredKept++
      this.movedCandidates.set(entry.id, entry)
    }
    for (const entry of diff.updated) {
      this.updated.set(entry.id, keep(entry))
      const before = diff.previous.get(entry.id)
      const change = before && closedChange(before, entry)
      if (change) this.closedUpdates.push(change)
    }
    for (const entry of diff.deleted) {
      this.deleted.set(entry.id, keep(entry))
      if (wasClosed(entry)) this.closedDeletes.set(entry.id, entry)
    }
  }

  /** Closed entries changed, deleted or moved, by day then id. */
  private closedChanges(): ClosedChange[] {
    const changes = [...this.closedUpdates]
    for (const [id, before] of this.closedDeletes) {
      const moved = this.added.get(id)
      const after = moved && (moved.entry ?? this.movedCandidates.get(id))
      if (moved && !after) {
        // Its new version was not kept: the move alone is known, and reported.
        const stub = { id, spent_date: moved.date, created_at: before.created_at }
        const change = `moved ${before.spent_date} -> ${moved.date}`
        changes.push({ id, spent_date: before.spent_date, change, before, after: stub })
        continue
      }
      const change = closedChange(before, after ?? null)
      if (change) changes.push(change)
    }
    return changes.sort((a, b) =>
      a.spent_date === b.spent_date ? a.id - b.id : a.spent_date < b.spent_date ? -1 : 1
    )
  }

  settle() {
    const byDate = new Map<string, DayChangeCounts>()
    const counts = (date: string): DayChangeCounts => {
      let day = byDate.get(date)
      if (!day) byDate.set(date, (day = { added: 0, updated: 0, deleted: 0, movedOut: 0 }))
      return day
    }
    const log = { new: [] as TimeEntry[], updated: [] as TimeEntry[], deleted: [] as TimeEntry[] }
    const totals = { added: 0, updated: 0, deleted: 0 }
    const note = (kind: keyof typeof totals, list: TimeEntry[], { date, entry }: Noted): void => {
      counts(date)[kind]++
      totals[kind]++
      if (entry) list.push(entry)
    }
    for (const change of this.updated.values()) note('updated', log.updated, change)
    const deleted = new Map(this.deleted)
    for (const [id, change] of this.added) {
      const origin = deleted.get(id)
      if (origin) {
        counts(origin.date).movedOut++
        deleted.delete(id)
      }
      note(origin ? 'updated' : 'added', origin ? log.updated : log.new, change)
    }
    for (const change of deleted.values()) note('deleted', log.deleted, change)
    return { byDate, totals, log, closed: this.closedChanges() }
  }
}
