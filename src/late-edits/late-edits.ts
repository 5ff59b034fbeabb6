/**
 * Late edits for one run: reads the state, binds the prefix to its account, surveys the
 * archive before the window while the window is read, guards against mass deletes before
 * anything is written, sweeps the dirty months through the run's day-file path, and
 * records the new state once the run has succeeded.
 */
import { SafetyError } from '../errors.js'
import { setting, words } from '../wording.js'
import type { LateEditsMode } from '../export/types.js'
import type { DaysRead } from '../harvest/types.js'
import type { Store } from '../store/store.js'
import { eachDate } from '../util/calendar.js'
import { countAndCollect, emptyRecords } from './embedded.js'
import { FileMemory } from './file-memory.js'
import { ReadMemory } from './read-memory.js'
import { estimateDeletes, isMassDelete, massDeleteMessage, type DeleteEstimate } from './guard.js'
import { sweepSpan, type Period } from './plan.js'
import {
  nextState,
  parseState,
  serializeState,
  stateKey,
  storedCount,
  type SyncState
} from './state.js'
import {
  refreshSpan,
  spanCounts,
  surveySpan,
  sweepFailureWording,
  type SweepOutcome,
  type SweepReads,
  type Survey
} from './sweep.js'

export type { LateEditsMode }

export interface LateEditsSettings {
  mode: LateEditsMode
  prefix: string
  accountId: string
  /** `from`/`to` given: a backfill refreshes exactly its range and never sweeps. */
  backfill: boolean
  dryRun: boolean
  allowEmpty: boolean
  concurrency: number
}

export interface LateEditsPorts {
  store: Store
  reads: SweepReads
  /** Writes the state: conditional on `etag` (or on no object when null); false when it lost a race. */
  writeState(body: Buffer, etag: string | null): Promise<boolean>
  log: { info(message: string): void; warn(message: string): void }
}

/** Why the run did not sweep, for the log. */
function noSweepReason(settings: LateEditsSettings, state: SyncState | undefined): string {
  if (settings.mode === 'ignore')
    return 'late-edits is ignore: days before the window are left as they are'
  if (settings.backfill) return 'a backfill refreshes exactly its range'
  if (!state) return 'no state yet: this run records it, later runs catch late changes'
  return 'the archive starts within the window'
}

/**
 * The prefix's state, checked to belong to this run's account: before any write, so that a
 * run against the wrong account (or a broken state) changes nothing.
 */
export async function readBoundState(
  store: Store,
  settings: Pick<LateEditsSettings, 'prefix' | 'accountId'>
): Promise<{ state: SyncState | undefined; etag: string | null }> {
  const key = stateKey(settings.prefix)
  const stored = await store.get(key)
  const state = stored ? parseState(stored.body.toString('utf8'), key) : undefined
  if (state && state.account_id !== settings.accountId) {
    throw new SafetyError(
      words`The archive under this prefix belongs to Harvest account ${state.account_id} (recorded in ${key}), but this run reads account ${settings.accountId}. Nothing was written. Check ${setting('harvestAccountId')}; to export another account use another ${setting('s3Prefix')}, or delete ${key} on purpose to bind this prefix to account ${settings.accountId}.`
    )
  }
  return { state, etag: stored?.etag ?? null }
}

export class LateEdits {
  private survey?: Promise<Survey | { failure: unknown }>
  private windowTotal?: number
  private readonly dayCounts = new Map<string, number>()
  private readonly records = emptyRecords()
  private readonly renamed = emptyRecords()
  private outcome?: SweepOutcome
  private signal?: AbortSignal
  /** The state's record of day files, which the run's day files consult and update. */
  readonly files: FileMemory
  /** The state's record of the last run's reads, which the window's reads consult. */
  readonly reads: ReadMemory

  private constructor(
    private readonly settings: LateEditsSettings,
    private readonly ports: LateEditsPorts,
    private readonly window: { from: string; to: string },
    readonly state: SyncState | undefined,
    private readonly stateEtag: string | null,
    /** The days a sweep covers, when this run sweeps. */
    readonly span: Period | undefined
  ) {
    this.files = new FileMemory(state?.files)
    this.reads = new ReadMemory(state?.reads)
  }

  /**
   * Reads the state and checks it belongs to this account: before any write, so that a
   * run against the wrong account (or a broken state) changes nothing.
   */
  static async open(
    settings: LateEditsSettings,
    ports: LateEditsPorts,
    window: { from: string; to: string }
  ): Promise<LateEdits> {
    const { state, etag } = await readBoundState(ports.store, settings)
    const sweeps = settings.mode === 'sync' && !settings.backfill && state !== undefined
    const span = sweeps ? sweepSpan(state.archive_from, window.from) : undefined
    const late = new LateEdits(settings, ports, window, state, etag, span)
    ports.log.info(
      span
        ? `Late edits: sweeping ${span.from}..${span.to} (archive since ${state!.archive_from})`
        : `Late edits: no sweep (${noSweepReason(settings, state)})`
    )
    return late
  }

  /**
   * Starts reading where the archive changed; call as the window's reading starts.
   * `signal` stops the sweep's reads (the run failed, or must stop early).
   */
  startSurvey(signal?: AbortSignal): void {
    if (!this.span || !this.state || this.survey) return
    this.signal = signal
    this.survey = surveySpan(this.ports.reads, this.state, this.span, {
      concurrency: this.settings.concurrency,
      signal
    }).catch((failure: unknown) => ({ failure }))
  }

  /** Harvest's count for the whole window, as its first page reported it. */
  noteWindowTotal(total: number): void {
    this.windowTotal ??= total
  }

  /**
   * Refuses the run before its first write when Harvest's counts say it would delete more
   * than half of the stored entries it compares (and at least 100). Waits for the survey.
   */
  async guard(): Promise<void> {
    const survey = this.survey ? await this.survey : undefined
    if (!this.state) return
    const periods: Array<{ stored: number; harvest: number }> = []
    if (this.windowTotal !== undefined) {
      periods.push({
        stored: storedCount(this.state, this.window.from, this.window.to),
        harvest: this.windowTotal
      })
    }
    if (survey && !('failure' in survey)) periods.push(...spanCounts(survey, this.state))
    const estimate: DeleteEstimate = estimateDeletes(periods)
    if (isMassDelete(estimate, this.settings.allowEmpty)) {
      const where = this.span
        ? `${this.span.from}..${this.window.to} (the window and the archive before it)`
        : `${this.window.from}..${this.window.to}`
      throw new SafetyError(massDeleteMessage(estimate, where))
    }
  }

  /** Every complete read of the run (window ranges, swept months): counts and names. */
  observe(read: DaysRead): void {
    const { summaryOf } = read
    if (read.sameAsLastRun && summaryOf) {
      // The last run's entries, byte for byte: the names they embed are in the state.
      for (const date of eachDate(read.from, read.to)) {
        this.dayCounts.set(date, summaryOf(date).count)
      }
      return
    }
    const counts = new Map<string, number>()
    countAndCollect(read.entries, counts, this.records)
    for (const date of eachDate(read.from, read.to)) this.dayCounts.set(date, counts.get(date) ?? 0)
  }

  /**
   * Reads the dirty months whole and hands each to `acceptMonth` (the run's day-file path).
   * Returns the failure to report, if the sweep could not finish: the window's days are
   * written by then, the months named are not.
   */
  async sweep(acceptMonth: (read: DaysRead) => Promise<void>): Promise<Error | undefined> {
    if (!this.survey || !this.state || !this.span) return undefined
    const survey = await this.survey
    if ('failure' in survey) {
      this.outcome = { refreshed: [], notRefreshed: [], failure: survey.failure }
    } else {
      if (survey.renamed.length > 0) {
        this.ports.log.info(
          `Late edits: renamed since the last run: ${survey.renamed
            .map((record) => `${record.kind} ${record.id} (${JSON.stringify(record.after)})`)
            .join(', ')}`
        )
        for (const record of survey.renamed)
          this.renamed[record.kind][String(record.id)] = record.after
      }
      this.outcome = await refreshSpan(
        this.ports.reads,
        this.state,
        survey,
        async (read) => {
          await acceptMonth(read)
          this.observe(read)
        },
        { concurrency: this.settings.concurrency, signal: this.signal }
      )
      const months = this.outcome.refreshed.map((month) => month.label)
      this.ports.log.info(
        months.length
          ? `Late edits: read ${months.length} months whole: ${months.join(', ')}`
          : 'Late edits: nothing changed before the window'
      )
    }
    if (this.outcome.failure === undefined) return undefined
    return new SafetyError(sweepFailureWording(this.outcome, this.span))
  }

  /** Months the sweep read whole (for the report). */
  get refreshedMonths(): string[] {
    return this.outcome?.refreshed.map((month) => month.label) ?? []
  }

  /**
   * After a successful run: the new state, written (conditionally) when it changed. A dry
   * run writes nothing. `startedAt` is Harvest's `Date` header of the run's first answer;
   * `wroteObjects`, whether the run wrote any object (then the day file records go along).
   */
  async finish(startedAt: string | undefined, now: Date, wroteObjects = false): Promise<boolean> {
    if (this.settings.dryRun) return false
    const swept = this.span !== undefined && this.outcome?.failure === undefined
    const findings = {
      accountId: this.settings.accountId,
      exportedFrom: this.window.from,
      dayCounts: this.dayCounts,
      startedAt,
      // With nothing to sweep yet (first run, archive within the window) the state is exact.
      swept: swept || (this.settings.mode === 'sync' && !this.settings.backfill && !this.span),
      records: this.records,
      renamed: this.renamed,
      now,
      files: this.files.updates,
      reads: this.reads.updates,
      wroteObjects
    }
    let previous = this.state
    let etag = this.stateEtag
    for (let race = 1; race <= 5; race++) {
      const { state, write } = nextState(previous, findings)
      if (!write) return false
      if (await this.ports.writeState(serializeState(state), etag)) {
        this.ports.log.info(
          `Late edits: state recorded in ${stateKey(this.settings.prefix)} ` +
            `(archive since ${state.archive_from}, synced at ${state.synced_at})`
        )
        return true
      }
      // Another run wrote the state meanwhile: build on its state, and do not move
      // synced_at past what it saw.
      const key = stateKey(this.settings.prefix)
      const stored = await this.ports.store.get(key)
      previous = stored ? parseState(stored.body.toString('utf8'), key) : undefined
      etag = stored?.etag ?? null
      findings.swept = false
    }
    this.ports.log.warn(
      `Late edits: the state kept changing while this run wrote it; left as the other run wrote it`
    )
    return false
  }
}
