import { fetchWindow } from '../harvest/fetch-window.js'
import type { TimeEntryPages } from '../harvest/types.js'
import type { Store } from '../store/store.js'
import { ChangeLedger } from './changes.js'
import { writeChangeLog } from './change-log.js'
import type { RunContext, Target } from './run-context.js'
import { DayBook, failureWithContext } from './run-report.js'
import { windowTargets } from './targets.js'
import {
  DEFAULT_TUNING,
  type ExportSettings,
  type ExportSummary,
  type ExportTuning,
  type RunObserver
} from './types.js'
import { computeWindow } from './window.js'
import { RunLateEdits, type LateEditsWiring } from '../late-edits/run-hooks.js'
import { ObjectWriter } from './writer.js'

export interface ExportDependencies {
  harvest: TimeEntryPages
  store: Store
  observer: RunObserver
  now?: Date
  tuning?: Partial<ExportTuning>
  /**
   * Aborting stops the run early and cleanly: no new Harvest range starts, writes in flight
   * finish, the run fails naming the days left unrefreshed. The reason should be a
   * `UserError` saying why (e.g. the Lambda function is about to time out).
   */
  stop?: AbortSignal
  /** Late edits (flat, hive): the sweep's reads; without them no state is kept. */
  lateEdits?: LateEditsWiring
}

/**
 * One run: plans the reads of the window, hands each complete read to the objects it makes
 * true (day files or a snapshot, the `latest-key` file), each of which reconciles through
 * the one writer, then writes the change log and reports. Knows nothing about where its
 * settings came from, nor which layouts exist (`windowTargets`).
 */
export async function syncStore(
  settings: ExportSettings,
  deps: ExportDependencies
): Promise<ExportSummary> {
  const run = runContext(settings, deps)
  const { window, book, log } = run
  const tuning = { ...DEFAULT_TUNING, ...deps.tuning }
  log.info(
    `Window ${window.from}..${window.to} (${book.size} days, today is ${window.today} in ${settings.window.timeZone}); ` +
      `store ${deps.store.location}${settings.prefix}${settings.dryRun ? '; dry run: nothing will be written' : ''}`
  )
  const { layout, targets } = windowTargets(run)
  // Before anything is written: a state of another account stops the run here.
  const late = await RunLateEdits.open(run, deps.lateEdits, deps.now ?? new Date(), deps.stop)
  for (const target of targets) await target.prepare?.()

  let failure: unknown
  await run.phase(layout.fetchPhase, async () => {
    try {
      await fetchWindow({
        pages: late ? late.watch(deps.harvest) : deps.harvest,
        from: window.from,
        to: window.to,
        plan: tuning,
        stop: deps.stop,
        storedBytes: layout.storedBytes,
        onRange: async (range) => {
          await late?.beforeWrite(range)
          await acceptAll(targets, book.read(range))
        }
      })
    } catch (error) {
      failure = error
    }
  })
  // The days before the window, once the window's are written.
  const sweepFailure = await late?.sweep(failure !== undefined)

  const settled = await run.phase('Finish', async () => {
    for (const target of targets) await target.finish?.(failure === undefined)
    // Also after a failure: the log then records exactly the changes that were applied.
    const settled = run.ledger.settle()
    if (settings.changes) await writeChangeLog(run, settled.log)
    return settled
  })
  if (failure === undefined && sweepFailure === undefined) await late?.finish()
  failure ??= sweepFailure
  const summary: ExportSummary = {
    ...book.summary(settled, {
      location: `${deps.store.location}${settings.prefix}`,
      dryRun: settings.dryRun,
      harvestRequests: deps.harvest.requests,
      objectsWritten: run.writer.written
    }),
    ...late?.report(settled)
  }
  if (failure !== undefined) throw failureWithContext(failure, summary)
  return summary
}

async function acceptAll<R>(targets: ReadonlyArray<Target<R>>, read: R): Promise<void> {
  for (const target of targets) await target.accept?.(read)
}

function runContext(settings: ExportSettings, deps: ExportDependencies): RunContext {
  const window = computeWindow(settings.window, deps.now ?? new Date())
  const { observer } = deps
  const storeConcurrency = deps.tuning?.storeConcurrency ?? DEFAULT_TUNING.storeConcurrency
  return {
    settings,
    window,
    scheme: { prefix: settings.prefix, layout: settings.layout, format: settings.format },
    writer: new ObjectWriter(deps.store, settings.dryRun, storeConcurrency),
    book: new DayBook(window, observer),
    ledger: new ChangeLedger(settings.changes),
    log: observer.log,
    phase: (name, work) => (observer.phase ? observer.phase(name, work) : work())
  }
}
