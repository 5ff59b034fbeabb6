import { LateEdits } from '../late-edits/late-edits.js'
import type { LateEditsWiring } from '../late-edits/harvest-reads.js'
import { changedDays, type DayReport, type ExportSummary } from '../report/summary.js'
import { readBoundState, writeState } from '../state/state-object.js'
import { stateKey } from '../state/sync-state.js'
import type { ChangeLedger } from './changes.js'
import type { RunContext } from './run-context.js'
import type { DaysRead } from '../harvest/types.js'
import { daysBetweenInclusive } from '../util/calendar.js'
import { DayBook } from './day-book.js'
import { DayFiles } from './day-files.js'

/** The months the sweep reads whole, each through the window's day-file path and own book. */
class SweptMonths {
  private readonly books: DayBook[] = []

  constructor(private readonly run: RunContext) {}

  async accept(read: DaysRead): Promise<void> {
    const { from, to } = read
    const window = { ...this.run.window, from, to, days: daysBetweenInclusive(from, to) }
    const book = new DayBook(window, { log: this.run.log })
    const { tables } = this.run
    if (tables && to < this.run.window.from) {
      // Each month's table made (or its rows let go) once its days are.
      tables.watch(from, to)
      book.onSettle = (date, written) => tables.settled(date, written)
    }
    const files = new DayFiles({ ...this.run, window, book }, true)
    await files.prepare()
    await files.accept(book.read(read))
    await files.finish(true)
    this.books.push(book)
  }

  /** Oldest first. */
  writtenDays(settled: ReturnType<ChangeLedger['settle']>): DayReport[] {
    return changedDays(this.books.flatMap((book) => book.dayReports(settled))).sort((a, b) =>
      a.date < b.date ? -1 : 1
    )
  }
}

/** Binds the prefix's state to the run before any write; undefined without wiring (tests). */
export async function openLateEdits(
  run: RunContext,
  wiring: LateEditsWiring | undefined,
  stop: AbortSignal | undefined,
  keepsDays: boolean
): Promise<{ late: LateEdits; months: SweptMonths } | undefined> {
  if (!wiring) return undefined
  const { settings, window, writer } = run
  const { layout, format, prefix } = settings
  const store = writer.store
  const binding = { prefix, accountId: wiring.accountId }
  // A run that keeps no state (a snapshot, or other resources only) is still stopped before any
  // write by a state of another account, layout or format (a snapshot beside day files).
  if (layout === 'snapshot' || !keepsDays) {
    await readBoundState(store, { ...binding, shape: { layout, format } })
    return undefined
  }
  const months = new SweptMonths(run)
  const late = await LateEdits.open(
    {
      ...binding,
      mode: settings.lateEdits ?? 'sync',
      shape: { layout, format },
      backfill: settings.window.from !== undefined || settings.window.to !== undefined,
      dryRun: settings.dryRun,
      allowEmpty: settings.allowEmpty,
      concurrency: wiring.concurrency
    },
    {
      store,
      reads: wiring.reads,
      log: run.log,
      writeState: (body, etag) => writeState(store, stateKey(prefix), body, etag),
      acceptMonth: (read) => months.accept(read)
    },
    window,
    stop
  )
  return { late, months }
}

export function sweepPhase(run: RunContext, late: LateEdits, windowFailed: boolean) {
  if (windowFailed || !late.span) return late.sweep(windowFailed)
  return run.phase('Bring late edits in', () => late.sweep())
}

export function lateSummary(
  { late, months }: { late: LateEdits; months: SweptMonths },
  settled: ReturnType<ChangeLedger['settle']>
): Pick<ExportSummary, 'lateDaysWritten' | 'late'> {
  const refreshed = late.refreshedMonths
  if (!refreshed) return { lateDaysWritten: 0 }
  const days = months.writtenDays(settled)
  return { lateDaysWritten: days.length, late: { months: refreshed, days } }
}
