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
import { MAX_RACES, commitObject, inspectObject, raceLost, type Inspection } from './sync-object.js'
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
  /** The whole window's entries, kept only when an output needs all of them at once. */
  private readonly windowEntries: TimeEntry[] | undefined
  private listing = new Map<string, ListedObject>()
  private entryCount = 0
  private daysFetched = 0

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
    this.windowEntries = needsWholeWindow ? [] : undefined
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
            this.deps.stop
          )
        } catch (error) {
          failure = error
        }
      }
    )

    await this.phase('Finish', async () => {
      if (!isSnapshot) await this.writePendingEmpties(failure === undefined)
      if (failure === undefined) {
        if (isSnapshot) await this.writeSnapshot()
        if (this.settings.latestKey !== undefined) await this.writeLatest()
      }
    })
    const summary = await this.summarize()
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
      const day = this.days.get(date)!
      day.entries = entries.length
      day.hours = entries.reduce(
        (sum, entry) => sum + (typeof entry.hours === 'number' ? entry.hours : 0),
        0
      )
      if (this.windowEntries) for (const entry of entries) this.windowEntries.push(entry)
    }
    this.daysFetched += dates.length
    this.reportProgress()
    if (this.settings.layout === 'snapshot') {
      for (const date of dates) this.days.get(date)!.status = 'unchanged'
      return
    }
    await settleAll(
      dates.map((date) => {
        const key = dayKey(this.scheme, date)
        return this.storeSlots.run(() =>
          this.reconcileDay(date, byDate.get(date) ?? [], { known: this.listing.get(key) ?? null })
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
    let { known, inspection } = start
    for (let race = 0; race < MAX_RACES; race++) {
      if (known === null && entries.length === 0) {
        // No entries and no file: nothing to keep in sync.
        day.status = 'unchanged'
        return
      }
      inspection ??= await inspectObject(this.deps.store, {
        key,
        body,
        contentType: CONTENT_TYPES[this.settings.format],
        known,
        wantPrevious: true
      })
      if (inspection.unchanged) {
        day.status = 'unchanged'
        return
      }
      const before = this.storedEntries(inspection)
      if (entries.length === 0 && before.length > 0 && !start.emptyNow) {
        this.pendingEmpties.push({ date, inspection })
        return
      }
      if (await this.commit(inspection)) {
        this.ledger.record(date, diffEntries(before, entries))
        day.status = entries.length === 0 ? 'emptied' : 'written'
        this.reportProgress()
        return
      }
      // Another writer changed the object since it was read: read it again and re-decide.
      known = undefined
      inspection = undefined
    }
    throw raceLost(key)
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
      throw new SafetyError(
        `Harvest returned no entries for ${this.window.from}..${this.window.to}, but ${this.pendingEmpties.length} stored ` +
          'day files in that window hold entries. Refusing to empty them: check harvest-account-id and the token ' +
          "(a wrong account or a revoked user's token returns an empty list). If the entries really were all deleted, " +
          're-run with allow-empty: true.'
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
    let known: ListedObject | null | undefined
    for (let race = 0; race < MAX_RACES; race++) {
      const inspection = await inspectObject(this.deps.store, {
        key,
        body,
        contentType,
        known,
        wantPrevious: false
      })
      if (inspection.unchanged || (await this.commit(inspection))) return
      known = undefined
    }
    throw raceLost(key)
  }

  private async writeLatest(): Promise<void> {
    const key = `${this.settings.prefix}${this.settings.latestKey}`
    const body = serializeEntries(sortEntries(this.windowEntries!), this.settings.format)
    await this.syncWhole(key, body, CONTENT_TYPES[this.settings.format])
  }

  /** Snapshot layout: one object for the run date holding the whole window. */
  private async writeSnapshot(): Promise<void> {
    const entries = sortEntries(this.windowEntries!)
    const key = snapshotKey(this.scheme, this.window.today)
    const body = serializeEntries(entries, this.settings.format)
    const contentType = CONTENT_TYPES[this.settings.format]
    let known: ListedObject | null | undefined
    for (let race = 0; race < MAX_RACES; race++) {
      const inspection = await inspectObject(this.deps.store, {
        key,
        body,
        contentType,
        known,
        wantPrevious: true
      })
      if (inspection.unchanged) return
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
        throw new SafetyError(
          `Harvest returned no entries for ${this.window.from}..${this.window.to}, but the stored snapshot holds ` +
            `${before.length} entries for it. Refusing to write an empty snapshot: check harvest-account-id and the token. ` +
            'If the entries really were all deleted, re-run with allow-empty: true.'
        )
      }
      if (await this.commit(inspection)) {
        const byDate = new Map<string, { before: TimeEntry[]; after: TimeEntry[] }>()
        const bucket = (date: string) =>
          byDate.get(date) ?? byDate.set(date, { before: [], after: [] }).get(date)!
        for (const entry of before) bucket(entry.spent_date).before.push(entry)
        for (const entry of entries) bucket(entry.spent_date).after.push(entry)
        for (const [date, { before: old, after }] of byDate)
          this.ledger.record(date, diffEntries(old, after))
        return
      }
      known = undefined
    }
    throw raceLost(key)
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

  private async summarize(): Promise<ExportSummary> {
    const settled = this.ledger.settle()
    if (this.settings.changes) await this.writeChangeLog(settled.log)
    const days = [...this.days.values()]
    for (const day of days) {
      const counts = settled.byDate.get(day.date)
      if (counts) Object.assign(day, counts)
      if (this.settings.layout === 'snapshot' && day.status === 'unchanged' && counts)
        day.status = day.entries === 0 ? 'emptied' : 'written'
    }
    const count = (status: DayReport['status']) =>
      days.filter((day) => day.status === status).length
    return {
      location: `${this.deps.store.location}${this.settings.prefix}`,
      windowFrom: this.window.from,
      windowTo: this.window.to,
      dryRun: this.settings.dryRun,
      entries: this.entryCount,
      daysWritten: count('written') + count('emptied'),
      daysUnchanged: count('unchanged'),
      daysEmptied: count('emptied'),
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

  private reportProgress(): void {
    const daysWritten = [...this.days.values()].filter(
      (day) => day.status === 'written' || day.status === 'emptied'
    ).length
    this.deps.observer.progress?.({
      daysFetched: this.daysFetched,
      daysWritten,
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
