/**
 * Late edits for one run: binds the state, surveys the archive while the window is read, guards
 * against mass deletes before any write, sweeps the dirty months, records the state on success.
 */
import { SafetyError } from '../errors.js'
import type { LateEditsMode } from '../export/types.js'
import type { DaysRead, TimeEntriesPage, TimeEntryPages } from '../harvest/types.js'
import type { ArchiveShape } from '../state/archive-shape.js'
import { collectEmbedded, emptyRecords } from '../state/embedded.js'
import { Memory, ReadMemory, type DayFileRecord } from '../state/memory.js'
import { storedCount } from '../state/next-state.js'
import { readBoundState, recordState, type ReadState } from '../state/state-object.js'
import { stateKey } from '../state/sync-state.js'
import type { Store } from '../store/store.js'
import { compactDate, eachDate } from '../util/calendar.js'
import { estimateDeletes, isMassDelete, massDeleteMessage, sweepSpan, type Period } from './plan.js'
import {
  refreshSpan,
  surveySpan,
  sweepFailureWording,
  type SweepOutcome,
  type SweepReads,
  type Survey
} from './sweep.js'

export interface LateEditsSettings {
  mode: LateEditsMode
  prefix: string
  accountId: string
  /** The layout and format of the run's day files, which the state binds the prefix to. */
  shape: ArchiveShape
  /** `from`/`to` given: a backfill refreshes exactly its range and never sweeps. */
  backfill: boolean
  dryRun: boolean
  allowEmpty: boolean
  concurrency: number
}

export interface LateEditsPorts {
  store: Store
  reads: SweepReads
  /** Conditional on `etag` (or on no object when null); false when it lost a race. */
  writeState(body: Buffer, etag: string | null): Promise<boolean>
  log: { info(message: string): void; warn(message: string): void }
  /** The run's day-file path for a month the sweep read whole (its own days, its own guard). */
  acceptMonth(read: DaysRead): Promise<void>
}

function noSweepReason(settings: LateEditsSettings, read: ReadState): string {
  if (settings.mode === 'ignore')
    return 'late-edits is ignore: days before the window are left as they are'
  if (settings.backfill) return 'a backfill refreshes exactly its range'
  if (!read.state) return 'no state yet: this run records it, later runs catch late changes'
  return 'the archive starts within the window'
}

export class LateEdits {
  private survey?: Promise<Survey | { failure: unknown }>
  private guarded?: Promise<void>
  private windowTotal?: number
  /** Resolved once the window's count is known or its read ended (`beforeOtherWrite`). */
  private readonly windowCount: Promise<void>
  private windowCounted: () => void = () => undefined
  private readonly dayCounts = new Map<string, number>()
  private readonly records = emptyRecords()
  private readonly renamed = emptyRecords()
  private outcome?: SweepOutcome
  /** Stops the sweep's reads when the run stops early or its window failed. */
  private readonly abort = new AbortController()
  /** The state's records that the run's day files, reads and tables consult and update. */
  readonly files: Memory<DayFileRecord>
  readonly reads: ReadMemory
  readonly tables: Memory<string>

  private constructor(
    private readonly settings: LateEditsSettings,
    private readonly ports: LateEditsPorts,
    private readonly window: { from: string; to: string },
    private readonly read: ReadState,
    /** The days a sweep covers, when this run sweeps. */
    readonly span: Period | undefined
  ) {
    this.files = new Memory(read.state?.files, compactDate)
    this.reads = new ReadMemory(read.state?.reads)
    this.tables = new Memory(read.state?.tables)
    this.windowCount = new Promise((resolve) => {
      this.windowCounted = resolve
    })
  }

  /** Reads the state and binds it to this run before any write; `stop` stops the sweep too. */
  static async open(
    settings: LateEditsSettings,
    ports: LateEditsPorts,
    window: { from: string; to: string },
    stop?: AbortSignal
  ): Promise<LateEdits> {
    const read = await readBoundState(ports.store, settings)
    const { state } = read
    const sweeps = settings.mode === 'sync' && !settings.backfill && state !== undefined
    const span = sweeps ? sweepSpan(state.archive_from, window.from) : undefined
    const late = new LateEdits(settings, ports, window, read, span)
    if (stop?.aborted) late.abort.abort(stop.reason)
    stop?.addEventListener('abort', () => late.abort.abort(stop.reason), { once: true })
    ports.log.info(
      span
        ? `Late edits: sweeping ${span.from}..${span.to} (archive since ${state!.archive_from})`
        : `Late edits: no sweep (${noSweepReason(settings, read)})`
    )
    return late
  }

  /** Starts reading where the archive changed; call as the window's reading starts. */
  startSurvey(): void {
    const { state } = this.read
    if (!this.span || !state || this.survey) return
    this.survey = surveySpan(this.ports.reads, state, this.span, {
      concurrency: this.settings.concurrency,
      signal: this.abort.signal
    }).catch((failure: unknown) => ({ failure }))
  }

  /** Harvest's count for the whole window, as its first page reported it. */
  noteWindowTotal(total: number): void {
    this.windowTotal ??= total
    this.windowCounted()
  }

  /** The window's read ended (also without a whole-window first page, or failed). */
  windowEnded(): void {
    this.windowCounted()
  }

  /**
   * Before an object that is not a day file is written (a resource): the guard refuses the
   * whole run, so it waits until the window's count is known and the guard has decided.
   */
  async beforeOtherWrite(): Promise<void> {
    await this.windowCount
    this.guarded ??= this.guard()
    await this.guarded
  }

  /** The window's pages, watched for the whole window's count (the guard needs it). */
  watch(pages: TimeEntryPages): TimeEntryPages {
    const { from, to } = this.window
    this.startSurvey()
    return {
      get requests() {
        return pages.requests
      },
      firstPage: async (first, last, signal): Promise<TimeEntriesPage> => {
        const page = await pages.firstPage(first, last, signal)
        if (first === from && last === to && typeof page.total_entries === 'number')
          this.noteWindowTotal(page.total_entries)
        return page
      },
      nextPage: (next, signal) => pages.nextPage(next, signal)
    }
  }

  /** Refuses the run before its first write when Harvest's counts say it mass-deletes. */
  async guard(): Promise<void> {
    const survey = this.survey ? await this.survey : undefined
    const { state } = this.read
    if (!state) return
    const { from, to } = this.window
    const periods: Array<{ stored: number; harvest: number }> = []
    if (this.windowTotal !== undefined) {
      periods.push({ stored: storedCount(state, from, to), harvest: this.windowTotal })
    }
    for (const { period, harvest } of survey && !('failure' in survey) ? survey.years : []) {
      periods.push({ stored: storedCount(state, period.from, period.to), harvest })
    }
    const estimate = estimateDeletes(periods)
    if (isMassDelete(estimate, this.settings.allowEmpty)) {
      const where = this.span
        ? `${this.span.from}..${to} (the window and the archive before it)`
        : `${from}..${to}`
      throw new SafetyError(massDeleteMessage(estimate, where))
    }
  }

  /** Before a window range is written: the mass-delete guard (once), then its counts. */
  async beforeWrite(range: DaysRead): Promise<void> {
    this.guarded ??= this.guard()
    await this.guarded
    this.observe(range)
  }

  /** Every complete read of the run (window ranges, swept months): counts and names. */
  observe(read: DaysRead): void {
    // The last run's entries, byte for byte: the names they embed are in the state.
    const known = read.sameAsLastRun ? read.summaryOf : undefined
    const counts = new Map<string, number>()
    if (!known) collectEmbedded(read.entries, this.records, counts)
    for (const date of eachDate(read.from, read.to))
      this.dayCounts.set(date, known ? known(date).count : (counts.get(date) ?? 0))
  }

  /** Reads the dirty months whole into `acceptMonth`: the failure to report, if any. */
  async sweep(windowFailed = false): Promise<Error | undefined> {
    // After a failed window the reads just stop.
    if (windowFailed) {
      this.abort.abort(new Error('the window failed'))
      return undefined
    }
    const { state } = this.read
    if (!this.span || !state) return undefined
    // The guard also covers a run whose window brought no range (and so never asked).
    this.guarded ??= this.guard()
    await this.guarded
    if (!this.survey) return undefined
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
        state,
        survey,
        async (read) => {
          await this.ports.acceptMonth(read)
          this.observe(read)
        },
        { concurrency: this.settings.concurrency, signal: this.abort.signal }
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

  /** Months the sweep read whole, when this run sweeps (for the report). */
  get refreshedMonths(): string[] | undefined {
    if (!this.span) return undefined
    return this.outcome?.refreshed.map((month) => month.label) ?? []
  }

  /** After a successful run: the new state, written (conditionally) when it changed. */
  async finish(startedAt: string | undefined, now: Date, wroteObjects = false): Promise<boolean> {
    if (this.settings.dryRun) return false
    const { mode, backfill, prefix } = this.settings
    const swept = this.span !== undefined && this.outcome?.failure === undefined
    const { written, gaveUp } = await recordState(
      this.ports.store,
      prefix,
      this.read,
      {
        accountId: this.settings.accountId,
        archive: this.settings.shape,
        exportedFrom: this.window.from,
        dayCounts: this.dayCounts,
        startedAt,
        // With nothing to sweep yet (first run, archive within the window) the state is exact.
        swept: swept || (mode === 'sync' && !backfill && !this.span),
        records: this.records,
        renamed: this.renamed,
        now,
        files: this.files.updates,
        reads: this.reads.updates,
        tables: this.tables.updates,
        wroteObjects
      },
      (body, etag) => this.ports.writeState(body, etag)
    )
    if (written)
      this.ports.log.info(
        `Late edits: state recorded in ${stateKey(prefix)} ` +
          `(archive since ${written.archive_from}, synced at ${written.synced_at})`
      )
    if (gaveUp)
      this.ports.log.warn(
        `Late edits: the state kept changing while this run wrote it; left as the other run wrote it`
      )
    return written !== undefined
  }
}
