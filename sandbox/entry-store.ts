/**
 * The simulator's time entries: Harvest order (spent_date, created_at, id, all descending),
 * the control operations (add, update, move, remove, timers), and the filtered selections a
 * walk's pages share. HarvestSimulator adds the HTTP side on top.
 */
import { isIsoDate } from '../src/util/calendar.js'
import type { TimeEntry } from '../src/harvest/types.js'
import type { SimClock } from './clock.js'
import {
  compareEntries,
  DEFAULT_START_ID,
  generateEntries,
  makeEntry,
  type SortKey
} from './harvest-data.js'
import { filterKey, selectFiltered, type ListQuery } from './harvest-paging.js'
import { refreshRunning, timerStartFields, timerStopFields } from './timers.js'

export interface EntryStoreOptions {
  seed: number
  count: number
  from: string
  to: string
  clock: SimClock
}

/** Data sets generated so far in this process, by their options. */
const generated = new Map<string, readonly TimeEntry[]>()

/**
 * `generateEntries` for these options, generated once per process: tests start many
 * simulators on the same seed, and generating was most of a start. Each store gets its own
 * entry objects (update() patches them in place); nested objects frozen by the generator stay
 * shared, as they are among one data set's entries.
 */
function generatedEntries(options: EntryStoreOptions): TimeEntry[] {
  const { seed, count, from, to } = options
  const key = JSON.stringify([seed, count, from, to])
  let entries = generated.get(key)
  if (!entries) {
    entries = generateEntries({ seed, count, from, to })
    generated.set(key, entries)
  }
  return entries.map(copyEntry)
}

function copyEntry(entry: TimeEntry): TimeEntry {
  const copy: TimeEntry = { ...entry }
  for (const [field, value] of Object.entries(copy))
    if (value !== null && typeof value === 'object' && !Object.isFrozen(value))
      copy[field] = { ...value }
  return copy
}

export class TimeEntryStore {
  /** spent_date range the data was generated for; add() defaults to `to`. */
  readonly from: string
  readonly to: string
  protected readonly seed: number
  protected readonly clock: SimClock
  protected data: TimeEntry[]
  /**
   * Length at the last sort: a cheap way to notice direct push/splice on `entries`; -1 after
   * anything that may have broken Harvest order, so the next read re-sorts.
   */
  protected orderedLength = -1
  protected nextId = DEFAULT_START_ID
  /** Id index for update()/remove(); rebuilt on every full sort. */
  protected readonly byId = new Map<number, TimeEntry>()
  /** Bumped by every change that may alter which entries a filter selects. */
  protected version = 0
  private filterCache: { version: number; key: string; entries: TimeEntry[] } | null = null
  /** Entries whose timer runs: their hours are brought to the clock on every read. */
  protected readonly running = new Set<TimeEntry>()

  constructor(options: EntryStoreOptions) {
    this.seed = options.seed
    this.from = options.from
    this.to = options.to
    this.clock = options.clock
    this.data = generatedEntries(options)
  }

  // -------------------------------------------------------------------------------------------
  // Data
  // -------------------------------------------------------------------------------------------

  /**
   * The live data set. Replacing it, or pushing/splicing it, is noticed and re-sorted. Editing
   * spent_date/created_at/id of an entry in place is not noticed until the next first-page
   * request; use update()/move() for that during a paginated walk.
   */
  get entries(): TimeEntry[] {
    return this.data
  }

  set entries(entries: TimeEntry[]) {
    this.data = entries
    this.orderedLength = -1
    this.version++
  }

  /** A new entry with the next id and realistic fields; `partial` overrides any of them. */
  add(partial: Partial<TimeEntry> = {}): TimeEntry {
    this.sortedEntries()
    const id = partial.id ?? this.nextId
    if (this.byId.get(id)?.id === id) throw new Error(`Entry ${id} already exists`)
    const spentDate = requireDate(partial.spent_date ?? this.to)
    const createdAt = partial.created_at ?? this.clock.stampAfter(undefined)
    const updatedAt = typeof partial.updated_at === 'string' ? partial.updated_at : createdAt
    const stamp = { id, spent_date: spentDate, created_at: createdAt, updated_at: updatedAt }
    // Spreading over the generated entry keeps Harvest's field order for overridden fields.
    const entry: TimeEntry = { ...makeEntry(this.seed, stamp), ...partial, ...stamp }
    this.nextId = Math.max(this.nextId, id + 1)
    this.insertSorted(entry)
    this.byId.set(id, entry)
    if (entry.is_running === true) this.running.add(entry)
    return entry
  }

  /** Patches an entry in place and bumps updated_at (unless the patch sets it). */
  update(id: number, patch: Partial<TimeEntry>): TimeEntry {
    const sorted = this.sortedEntries()
    const index = this.indexOf(id)
    const entry = sorted[index]
    if (patch.id !== undefined && patch.id !== id) throw new Error('update() cannot change an id')
    if (patch.spent_date !== undefined) requireDate(patch.spent_date)
    const before: SortKey = { spent_date: entry.spent_date, created_at: entry.created_at, id }
    Object.assign(entry, patch)
    if (patch.updated_at === undefined) entry.updated_at = this.clock.stampAfter(entry.updated_at)
    this.version++
    if (compareEntries(before, entry) !== 0) {
      sorted.splice(index, 1)
      this.insertSorted(entry)
    }
    return entry
  }

  remove(id: number): void {
    this.sortedEntries()
    this.data.splice(this.indexOf(id), 1)
    this.byId.delete(id)
    this.orderedLength = this.data.length
    this.version++
  }

  /**
   * Starts a running timer as a new entry on `spent_date` (default: the clock's UTC day; a past
   * day works too), started `startedAgoMs` before now with `hours` already logged.
   */
  startTimer(
    options: {
      spent_date?: string
      hours?: number
      startedAgoMs?: number
    } & Partial<TimeEntry> = {}
  ): TimeEntry {
    const { startedAgoMs = 0, hours = 0, ...partial } = options
    const now = this.clock.now()
    const spentDate = partial.spent_date ?? new Date(now).toISOString().slice(0, 10)
    const fields = timerStartFields(now - startedAgoMs, hours)
    const entry = this.add({ ...partial, ...fields, spent_date: spentDate })
    this.running.add(entry)
    return entry
  }

  /** Stops a running timer: its hours are fixed at the clock's time and updated_at moves. */
  stopTimer(id: number): TimeEntry {
    const entry = this.data[this.indexOf(id)]
    if (entry.is_running !== true) throw new Error(`Entry ${id} is not running`)
    this.running.delete(entry)
    return this.update(id, timerStopFields(entry, this.clock.now()))
  }

  /** Deletes every entry `predicate` accepts; returns how many. */
  removeWhere(predicate: (entry: TimeEntry) => boolean): number {
    const before = this.data.length
    this.data = this.data.filter((entry) => !predicate(entry))
    this.orderedLength = -1
    this.version++
    return before - this.data.length
  }

  /** Deletes all of a project's entries, as deleting a project with its time does. */
  removeProjectEntries(projectId: number): number {
    return this.removeWhere((entry) => (entry.project as { id?: unknown } | null)?.id === projectId)
  }

  /** Moves an entry to another day, as editing its date in Harvest does. */
  move(id: number, spentDate: string): TimeEntry {
    return this.update(id, { spent_date: requireDate(spentDate) })
  }

  /** The data in Harvest order, re-sorted only when something may have disturbed it. */
  protected sortedEntries(verify = false): TimeEntry[] {
    const disturbed = this.data.length !== this.orderedLength
    if (disturbed || (verify && !isInHarvestOrder(this.data))) {
      this.data.sort(compareEntries)
      this.byId.clear()
      for (const entry of this.data) {
        this.byId.set(entry.id, entry)
        this.nextId = Math.max(this.nextId, entry.id + 1)
        if (entry.is_running === true) this.running.add(entry)
      }
      this.orderedLength = this.data.length
      this.version++
    }
    return this.data
  }

  /** Where `entry` belongs in Harvest order: the first position not before it. */
  private position(entry: SortKey): number {
    const sorted = this.data
    let lo = 0
    let hi = sorted.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (compareEntries(sorted[mid], entry) >= 0) hi = mid
      else lo = mid + 1
    }
    return lo
  }

  /** Binary insertion keeps a single add()/update() O(log n) + splice instead of a full sort. */
  private insertSorted(entry: TimeEntry): void {
    this.data.splice(this.position(entry), 0, entry)
    this.orderedLength = this.data.length
    this.version++
  }

  /**
   * Index of an entry by id: a map lookup plus a binary search on its key, because a linear
   * scan of 250k scattered objects costs ~15 ms per call. The scan remains as a fallback for
   * entries whose id or sort key a test edited in place.
   */
  protected indexOf(id: number): number {
    const known = this.byId.get(id)
    if (known?.id === id) {
      const index = this.position(known)
      if (this.data[index] === known) return index
    }
    const index = this.data.findIndex((entry) => entry.id === id)
    if (index < 0) throw new Error(`No entry with id ${id}`)
    return index
  }

  /** Running entries show the hours of this moment; entries deleted meanwhile are dropped. */
  protected refreshTimers(): void {
    if (this.running.size === 0) return
    const now = this.clock.now()
    for (const entry of this.running) {
      if (entry.is_running !== true || this.byId.get(entry.id) !== entry) this.running.delete(entry)
      else refreshRunning(entry, now)
    }
  }

  /** The entries a filtered query selects, reused while nothing changed (a walk's pages). */
  protected selectCached(sorted: readonly TimeEntry[], query: ListQuery): readonly TimeEntry[] {
    const key = filterKey(query)
    const cached = this.filterCache
    if (cached && cached.version === this.version && cached.key === key) return cached.entries
    const entries = selectFiltered(sorted, query)
    this.filterCache = { version: this.version, key, entries }
    return entries
  }
}

export function requireDate(value: unknown): string {
  if (typeof value !== 'string' || !isIsoDate(value)) {
    throw new Error(`Not a YYYY-MM-DD date: ${JSON.stringify(value)}`)
  }
  return value
}

/** O(n) but allocation-free; only run at the start of a walk. */
function isInHarvestOrder(entries: readonly TimeEntry[]): boolean {
  for (let i = 1; i < entries.length; i++) {
    if (compareEntries(entries[i - 1], entries[i]) > 0) return false
  }
  return true
}
