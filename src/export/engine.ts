import { ExportError, SafetyError, errorMessage } from '../errors.js'
import type { HarvestClient, RangeResult } from '../harvest/client.js'
import { fetchWindow } from '../harvest/fetch-window.js'
import type { TimeEntry } from '../harvest/types.js'
import type { ListedObject, Store } from '../store/store.js'
import { Semaphore } from '../util/pool.js'
import { ChangeLedger, diffEntries } from './changes.js'
import { eachDate } from './dates.js'
import { changeLogKey, dayKey, snapshotKey, type KeyScheme } from './layout.js'
import { CONTENT_TYPES, parseEntries, serializeEntries, sortEntries } from './serialize.js'
import { commitObject, syncObject, type Inspection } from './sync-object.js'
import {
  DEFAULT_TUNING,
  type DayReport,
  type ExportSettings,
  type ExportSummary,
  type ExportTuning,
  type RunObserver
} from './types.js'
import { computeWindow, type ExportWindow } from './window.js'
import { findSnapshotBaseline } from './snapshot.js'

export interface ExportDependencies {
  harvest: HarvestClient
  store: Store
  observer: RunObserver
  now?: Date
  tuning?: Partial<ExportTuning>
  /**
   * Aborting stops the run early and cleanly: no new Harvest range starts, writes in flight
   * finish, the run fails naming the days left unrefreshed. The reason should be an
   * `ExportError` saying why (e.g. the Lambda function is about to time out).
   */
  stop?: AbortSignal
}

/**
 * One export run: reads the window from Harvest, makes the store match it and reports
 * what changed. Knows nothing about where its settings came from.
 */
export async function runExport(
  settings: ExportSettings,
  dependencies: ExportDependencies
): Promise<ExportSummary> {
  const run = new ExportRun(settings, dependencies)
  return run.execute()
}

class ExportRun {
  private readonly window: ExportWindow
  private readonly scheme: KeyScheme
  private readonly tuning: ExportTuning
  private readonly storeSlots: Semaphore
  private readonly ledger: ChangeLedger
  private readonly days = new Map<string, DayReport>()
  private readonly written: string[] = []
  /** Days that now hold no entries but whose stored file does: held back for the empty-window guard. */
  private readonly pendingEmpties: Array<{ date: string; inspection: Inspection }> = []
  /** Each day's sorted entries, kept only when an output needs the whole window at once. */
  private readonly windowDays: Map<string, TimeEntry[]> | undefined
  private listing = new Map<string, ListedObject>()
  private entryCount = 0
  private daysFetched = 0
  private daysWritten = 0
  private wholeWindowCache?: { entries: TimeEntry[]; body: Buffer }

  constructor(
    private readonly settings: ExportSettings,
    private readonly deps: ExportDependencies
  ) {
    this.window = computeWindow(settings.window, deps.now ?? new Date())
    this.scheme = { prefix: settings.prefix, layout: settings.layout, format: settings.format }
    this.tuning = { ...DEFAULT_TUNING, ...deps.tuning }
    this.storeSlots = new Semaphore(this.tuning.storeConcurrency)
    this.ledger = new ChangeLedger(settings.changes)
    const needsWholeWindow = settings.layout === 'snapshot' || settings.latestKey !== undefined
    this.windowDays = needsWholeWindow ? new Map() : undefined
    for (const date of eachDate(this.window.from, this.window.to)) {
      this.days.set(date, {
        date,
        status: 'not-refreshed',
        entries: 0,
        hours: 0,
        added: 0,
        updated: 0,
        deleted: 0,
        movedOut: 0
      })
    }
  }

  async execute(): Promise<ExportSummary> {
    const { log } = this.deps.observer
    const { from, to } = this.window
    log.info(
      `Window ${from}..${to} (${this.days.size} days, today is ${this.window.today} in ${this.settings.window.timeZone}); ` +
        `store ${this.deps.store.location}${this.settings.prefix}${this.settings.dryRun ? '; dry run: nothing will be written' : ''}`
    )
    const isSnapshot = this.settings.layout === 'snapshot'
    if (!isSnapshot) {
      await this.phase('List stored days', async () => {
        const listed = await this.deps.store.list(
          this.settings.prefix,
          dayKey(this.scheme, from),
          dayKey(this.scheme, to)
        )
        this.listing = new Map(listed.map((object) => [object.key, object]))
        log.info(`${this.listing.size} day files already stored in the window`)
      })
    }

    let failure: unknown
    await this.phase(
      isSnapshot ? 'Fetch from Harvest' : 'Fetch from Harvest and write changed days',
      async () => {
        try {
          await fetchWindow(
            this.deps.harvest,
            from,
            to,
            this.tuning,
            (range) => this.acceptRange(range),
            this.deps.stop,
            this.storedBytes()
          )
        } catch (error) {
          failure = error
        }
      }
    )

    const settled = await this.phase('Finish', async () => {
      if (!isSnapshot) await this.writePendingEmpties(failure === undefined)
      if (failure === undefined) {
        if (isSnapshot) await this.writeSnapshot()
        if (this.settings.latestKey !== undefined) await this.writeLatest()
      }
      // Also after a failure: the log then records exactly the changes that were applied.
      const settled = this.ledger.settle()
      if (this.settings.changes) await this.writeChangeLog(settled.log)
      return settled
    })
    const summary = this.summarize(settled)
    if (failure !== undefined) throw this.failureWithContext(failure, summary)
    return summary
  }

  private async acceptRange(range: RangeResult): Promise<void> {
    const byDate = new Map<string, TimeEntry[]>()
    for (const entry of range.entries) {
      const list = byDate.get(entry.spent_date)
      if (list) list.push(entry)
      else byDate.set(entry.spent_date, [entry])
    }
    const dates = eachDate(range.from, range.to)
    this.entryCount += range.entries.length
    for (const date of dates) {
      const entries = sortEntries(byDate.get(date) ?? [])
      byDate.set(date, entries)
      const day = this.days.get(date)!
      day.entries = entries.length
      day.hours = entries.reduce(
        (sum, entry) => sum + (typeof entry.hours === 'number' ? entry.hours : 0),
        0
      )
      this.windowDays?.set(date, entries)
    }
    this.daysFetched += dates.length
    this.reportProgress()
    // The snapshot is written once the whole window is known (writeSnapshot).
    if (this.settings.layout === 'snapshot') return
    await settleAll(
      dates.map((date) => {
        const key = dayKey(this.scheme, date)
        return this.storeSlots.run(() =>
          this.reconcileDay(date, byDate.get(date)!, { known: this.listing.get(key) ?? null })
        )
      })
    )
  }

  /**
   * Makes one day file match the day's entries (already sorted). A day about to lose all
   * its entries is held back (see `writePendingEmpties`) unless `emptyNow`.
   */
  private async reconcileDay(
    date: string,
    entries: TimeEntry[],
    start: { known: ListedObject | null | undefined; inspection?: Inspection; emptyNow?: boolean }
  ): Promise<void> {
    const key = dayKey(this.scheme, date)
    const body = serializeEntries(entries, this.settings.format)
    const day = this.days.get(date)!
    day.key = key
    if (start.known === null && entries.length === 0) {
      // No entries and no file: nothing to keep in sync.
      day.status = 'unchanged'
      return
    }
    const request = {
      key,
      body,
      contentType: CONTENT_TYPES[this.settings.format],
      known: start.known,
      wantPrevious: true
    }
    await syncObject(
      this.deps.store,
      request,
      async (inspection) => {
        if (inspection.unchanged) {
          day.status = 'unchanged'
          return true
        }
        const before = this.storedEntries(inspection)
        // Held back only while the run has seen no entry at all: once one has arrived the
        // empty-window guard cannot refuse, and holding would keep the old bytes in memory.
        const guarded = this.entryCount === 0 && !this.settings.allowEmpty
        if (entries.length === 0 && before.length > 0 && guarded && !start.emptyNow) {
          this.pendingEmpties.push({ date, inspection })
          return true
        }
        if (!(await this.commit(inspection))) return false
        this.ledger.record(date, diffEntries(before, entries))
        this.markWritten(day)
        return true
      },
      start.inspection
    )
  }

  /**
   * Writes the days that became empty, unless Harvest returned nothing at all for a window
   * whose stored files hold entries: that is what a wrong account id or a revoked token
   * looks like, so it takes `allow-empty` to go ahead.
   */
  private async writePendingEmpties(complete: boolean): Promise<void> {
    if (this.pendingEmpties.length === 0) return
    if (this.entryCount === 0 && !this.settings.allowEmpty) {
      if (!complete) return
      throw this.emptyWindowRefusal(
        `${this.pendingEmpties.length} stored day files in that window hold entries`
      )
    }
    await settleAll(
      this.pendingEmpties.map(({ date, inspection }) =>
        this.storeSlots.run(() =>
          this.reconcileDay(date, [], { known: inspection.current, inspection, emptyNow: true })
        )
      )
    )
  }

  /** Each stored day file's size, from the listing: lets the fetch plan its ranges. */
  private storedBytes(): Map<string, number> {
    const sizes = new Map<string, number>()
    for (const date of this.days.keys()) {
      const size = this.listing.get(dayKey(this.scheme, date))?.size
      if (size !== undefined) sizes.set(date, size)
    }
    return sizes
  }

  /**
   * Harvest returning nothing for a window whose stored files hold entries is what a wrong
   * account id or a revoked token looks like: refuse, unless `allow-empty`.
   */
  private emptyWindowRefusal(stored: string): SafetyError {
    return new SafetyError(
      `Harvest returned no entries for ${this.window.from}..${this.window.to}, but ${stored}. ` +
        'Refusing to overwrite them with nothing: check harvest-account-id and the token ' +
        "(a wrong account or a revoked user's token returns an empty list). If the entries really were all deleted, " +
        're-run with allow-empty: true.'
    )
  }

  private storedEntries(inspection: Inspection): TimeEntry[] {
    if (!inspection.previous) return []
    const entries = parseEntries(inspection.previous.body)
    if (!entries) {
      this.deps.observer.log.warn(
        `${inspection.key} did not hold time entries in JSON or NDJSON; it will be replaced`
      )
      return []
    }
    return entries
  }

  /** Writes unless this is a dry run; false when another writer got there first. */
  private async commit(inspection: Inspection): Promise<boolean> {
    if (!this.settings.dryRun && !(await commitObject(this.deps.store, inspection))) return false
    this.written.push(inspection.key)
    return true
  }

  /** Syncs one object that needs no change report, retrying lost races. */
  private async syncWhole(key: string, body: Buffer, contentType: string): Promise<void> {
    const request = { key, body, contentType, known: undefined, wantPrevious: false }
    await syncObject(
      this.deps.store,
      request,
      async (inspection) => inspection.unchanged || this.commit(inspection)
    )
  }

  /** The whole window sorted and serialized, once for the snapshot and the rolling file. */
  private wholeWindow(): { entries: TimeEntry[]; body: Buffer } {
    if (!this.wholeWindowCache) {
      // Days in date order, each already sorted: the window in SPEC order without a re-sort.
      const entries = [...this.days.keys()].flatMap((date) => this.windowDays!.get(date) ?? [])
      this.wholeWindowCache = { entries, body: serializeEntries(entries, this.settings.format) }
    }
    return this.wholeWindowCache
  }

  private async writeLatest(): Promise<void> {
    const key = `${this.settings.prefix}${this.settings.latestKey}`
    await this.syncWhole(key, this.wholeWindow().body, CONTENT_TYPES[this.settings.format])
  }

  /** Snapshot layout: one object for the run date holding the whole window. */
  private async writeSnapshot(): Promise<void> {
    const { entries, body } = this.wholeWindow()
    const key = snapshotKey(this.scheme, this.window.today)
    const request = {
      key,
      body,
      contentType: CONTENT_TYPES[this.settings.format],
      known: undefined,
      wantPrevious: true
    }
    await syncObject(this.deps.store, request, async (inspection) => {
      if (inspection.unchanged) {
        for (const day of this.days.values()) day.status = 'unchanged'
        return true
      }
      const baseline = inspection.previous
        ? this.storedEntries(inspection)
        : await findSnapshotBaseline(
            this.deps.store,
            this.scheme,
            this.window,
            this.settings.latestKey
          )
      const before = baseline.filter(
        (entry) => entry.spent_date >= this.window.from && entry.spent_date <= this.window.to
      )
      if (entries.length === 0 && before.length > 0 && !this.settings.allowEmpty) {
        throw this.emptyWindowRefusal(`the stored snapshot holds ${before.length} entries for it`)
      }
      if (!(await this.commit(inspection))) return false
      this.recordSnapshotDays(before, entries)
      return true
    })
  }

  /** Per-day changes a written snapshot made, for the report and the change log. */
  private recordSnapshotDays(before: TimeEntry[], after: TimeEntry[]): void {
    const byDate = new Map<string, { before: TimeEntry[]; after: TimeEntry[] }>()
    const bucket = (date: string) =>
      byDate.get(date) ?? byDate.set(date, { before: [], after: [] }).get(date)!
    for (const entry of before) bucket(entry.spent_date).before.push(entry)
    for (const entry of after) bucket(entry.spent_date).after.push(entry)
    for (const day of this.days.values()) {
      const { before: old = [], after: now = [] } = byDate.get(day.date) ?? {}
      const diff = diffEntries(old, now)
      this.ledger.record(day.date, diff)
      if (diff.added.length + diff.updated.length + diff.deleted.length > 0) this.markWritten(day)
      else day.status = 'unchanged'
    }
  }

  private async writeChangeLog(log: {
    new: TimeEntry[]
    updated: TimeEntry[]
    deleted: TimeEntry[]
  }): Promise<void> {
    for (const kind of ['new', 'updated', 'deleted'] as const) {
      if (log[kind].length === 0) continue
      const key = changeLogKey(this.settings.prefix, kind, this.window.today, this.window.time)
      await this.syncWhole(
        key,
        serializeEntries(sortEntries(log[kind]), 'json'),
        CONTENT_TYPES.json
      )
    }
  }

  private summarize(settled: ReturnType<ChangeLedger['settle']>): ExportSummary {
    const days = [...this.days.values()]
    const count = { written: 0, emptied: 0, unchanged: 0, 'not-refreshed': 0 }
    for (const day of days) {
      Object.assign(day, settled.byDate.get(day.date))
      count[day.status]++
    }
    return {
      location: `${this.deps.store.location}${this.settings.prefix}`,
      windowFrom: this.window.from,
      windowTo: this.window.to,
      dryRun: this.settings.dryRun,
      entries: this.entryCount,
      daysWritten: count.written + count.emptied,
      daysUnchanged: count.unchanged,
      daysEmptied: count.emptied,
      ...settled.totals,
      harvestRequests: this.deps.harvest.requests,
      objectsWritten: [...this.written].sort(),
      days
    }
  }

  private failureWithContext(failure: unknown, summary: ExportSummary): unknown {
    if (!(failure instanceof ExportError)) return failure
    const missed = summary.days.filter((day) => day.status === 'not-refreshed')
    if (missed.length === 0) return failure
    const first = missed[0].date
    const last = missed[missed.length - 1].date
    const written =
      summary.daysWritten > 0 ? ` ${summary.daysWritten} other days were brought up to date.` : ''
    return new ExportError(
      `${errorMessage(failure)}\n${missed.length} days (${first}..${last}) were not refreshed; their stored files are untouched.${written}`,
      { cause: failure }
    )
  }

  private markWritten(day: DayReport): void {
    day.status = day.entries === 0 ? 'emptied' : 'written'
    this.daysWritten++
    this.reportProgress()
  }

  private reportProgress(): void {
    this.deps.observer.progress?.({
      daysFetched: this.daysFetched,
      daysWritten: this.daysWritten,
      daysTotal: this.days.size
    })
  }

  private phase<T>(name: string, work: () => Promise<T>): Promise<T> {
    return this.deps.observer.phase ? this.deps.observer.phase(name, work) : work()
  }
}

/** Waits for every write to finish before reporting the first failure: none is left running. */
async function settleAll(work: Array<Promise<void>>): Promise<void> {
  const failure = (await Promise.allSettled(work)).find((result) => result.status === 'rejected')
  if (failure) throw failure.reason
}
