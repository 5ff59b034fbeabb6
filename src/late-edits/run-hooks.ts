/**
 * Where late edits meet the run loop (`sync-store.ts`): a handful of calls, so the loop
 * stays one loop. Swept months are new complete reads whose days take the SAME day-file
 * path as the window's (`DayFiles`): GET only differing days, PUT only changed ones.
 */
import type { ChangeLedger } from '../export/changes.js'
import { DayFiles } from '../export/day-files.js'
import type { DayFileMemory, RunContext } from '../export/run-context.js'
import { DayBook } from '../export/run-report.js'
import type { DayReport } from '../export/types.js'
import { CONTENT_TYPES } from '../export/serialize.js'
import type { DaysRead, TimeEntriesPage, TimeEntryPages } from '../harvest/types.js'
import type { Store } from '../store/store.js'
import { daysBetweenInclusive } from '../util/calendar.js'
import { commitObject } from '../export/sync-object.js'
import { Digests } from '../util/hash.js'
import { LateEdits, readBoundState } from './late-edits.js'
import type { ReadMemory } from './read-memory.js'
import type { LateReport } from './report.js'
import { stateKey } from './state.js'
import type { SweepReads } from './sweep.js'

/** What the wiring layer gives the engine for late edits; without it no state is kept. */
export interface LateEditsWiring {
  reads: SweepReads
  /** Harvest's `Date` header of the run's first answer. */
  startedAt(): string | undefined
  accountId: string
  concurrency: number
}

/** What a run reports of late edits (part of `ExportSummary`). */
export interface LateSummary {
  lateDaysWritten: number
  late?: LateReport
}

export class RunLateEdits {
  private guarded?: Promise<void>
  private readonly months: DayBook[] = []
  /** Stops the sweep's reads when the run stops early or its window failed. */
  private readonly abort = new AbortController()

  private constructor(
    private readonly run: RunContext,
    private readonly late: LateEdits,
    private readonly wiring: LateEditsWiring,
    private readonly now: Date,
    stop: AbortSignal | undefined
  ) {
    if (stop?.aborted) this.abort.abort(stop.reason)
    stop?.addEventListener('abort', () => this.abort.abort(stop.reason), { once: true })
  }

  /**
   * Flat and hive runs only: reads the state and binds the prefix to the account before
   * anything is written. Undefined for snapshots and without wiring (scripted test doubles).
   */
  static async open(
    run: RunContext,
    wiring: LateEditsWiring | undefined,
    now: Date,
    stop?: AbortSignal
  ): Promise<RunLateEdits | undefined> {
    const { settings, window, writer } = run
    if (!wiring || settings.layout === 'snapshot') return undefined
    const store: Store = writer.store
    const late = await LateEdits.open(
      {
        mode: settings.lateEdits ?? 'sync',
        prefix: settings.prefix,
        accountId: wiring.accountId,
        backfill: settings.window.from !== undefined || settings.window.to !== undefined,
        dryRun: settings.dryRun,
        allowEmpty: settings.allowEmpty,
        concurrency: wiring.concurrency
      },
      {
        store,
        reads: wiring.reads,
        log: run.log,
        writeState: (body, etag) => writeState(store, stateKey(settings.prefix), body, etag)
      },
      window
    )
    return new RunLateEdits(run, late, wiring, now, stop)
  }

  /**
   * A flat or hive run without time entries keeps no state, but another account's archive
   * under its prefix still stops it before any write (its resource objects are that account's).
   */
  static async checkAccount(
    run: RunContext,
    wiring: LateEditsWiring | undefined
  ): Promise<undefined> {
    if (!wiring || run.settings.layout === 'snapshot') return undefined
    await readBoundState(run.writer.store, {
      prefix: run.settings.prefix,
      accountId: wiring.accountId
    })
    return undefined
  }

  /** The state's record of day files, for the run's day files (window and swept months). */
  get files(): DayFileMemory {
    return this.late.files
  }

  /** The state's record of the last run's reads, for the window's reads. */
  get reads(): ReadMemory {
    return this.late.reads
  }

  /** The window's pages, watched for the whole window's count (the guard needs it). */
  watch(pages: TimeEntryPages): TimeEntryPages {
    const { from, to } = this.run.window
    const late = this.late
    this.late.startSurvey(this.abort.signal)
    return {
      get requests() {
        return pages.requests
      },
      async firstPage(first: string, last: string, signal?: AbortSignal): Promise<TimeEntriesPage> {
        const page = await pages.firstPage(first, last, signal)
        if (first === from && last === to && typeof page.total_entries === 'number') {
          late.noteWindowTotal(page.total_entries)
        }
        return page
      },
      nextPage: (next, signal) => pages.nextPage(next, signal)
    }
  }

  /** Before a window range is written: the mass-delete guard (once), then its counts. */
  async beforeWrite(range: DaysRead): Promise<void> {
    this.guarded ??= this.late.guard()
    await this.guarded
    this.late.observe(range)
  }

  /**
   * After the window: the sweep. Returns the failure to report, if any. After a failed
   * window (`windowFailed`) the sweep's reads are stopped instead: the run fails anyway.
   */
  async sweep(windowFailed: boolean): Promise<unknown> {
    if (windowFailed) {
      this.abort.abort(new Error('the window failed'))
      return undefined
    }
    if (!this.late.span) return undefined
    // The guard also covers a run whose window brought no range (and so never asked).
    this.guarded ??= this.late.guard()
    await this.guarded
    return this.run.phase('Bring late edits in', () =>
      this.late.sweep((read) => this.acceptMonth(read))
    )
  }

  /**
   * One swept month through the window's day-file path, with its own day book. The
   * empty-window guard is the window's; swept days are covered by the mass-delete guard.
   */
  private async acceptMonth(read: DaysRead): Promise<void> {
    const window = { ...this.run.window, from: read.from, to: read.to }
    window.days = daysBetweenInclusive(read.from, read.to)
    const book = new DayBook(window, { log: this.run.log })
    const month: RunContext = {
      ...this.run,
      settings: { ...this.run.settings, allowEmpty: true },
      window,
      book,
      log: { info: () => {}, warn: (message) => this.run.log.warn(message) },
      phase: (_name, work) => work()
    }
    const files = new DayFiles(month)
    await files.prepare()
    await files.accept(book.read(read))
    await files.finish(true)
    this.months.push(book)
  }

  /** After a successful run: the state (never in a dry run). */
  async finish(): Promise<void> {
    await this.late.finish(this.wiring.startedAt(), this.now, this.run.writer.written.length > 0)
  }

  /** The swept days that were written, with their change counts. */
  report(settled: ReturnType<ChangeLedger['settle']>): LateSummary {
    const days: DayReport[] = this.months
      .flatMap(
        (book) =>
          book.summary(settled, {
            location: '',
            dryRun: false,
            harvestRequests: 0,
            objectsWritten: []
          }).days
      )
      .filter((day) => day.status === 'written' || day.status === 'emptied')
      .sort((a, b) => (a.date < b.date ? -1 : 1))
    if (!this.late.span) return { lateDaysWritten: 0 }
    return {
      lateDaysWritten: days.length,
      late: {
        months: this.late.refreshedMonths,
        days
      }
    }
  }
}

/** A conditional PUT of the state: on the ETag read at the start, or on no object. */
async function writeState(
  store: Store,
  key: string,
  body: Buffer,
  etag: string | null
): Promise<boolean> {
  const digests = new Digests(body)
  const inspection = {
    key,
    digests,
    contentType: CONTENT_TYPES.json,
    unchanged: false,
    current: etag === null ? undefined : { key, etag, size: 0 }
  }
  return (await commitObject(store, inspection)) === 'done'
}
