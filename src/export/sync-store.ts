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
  for (const target of targets) await target.prepare?.()

  let failure: unknown
  await run.phase(layout.fetchPhase, async () => {
    try {
      await fetchWindow({
        pages: deps.harvest,
        from: window.from,
        to: window.to,
        plan: tuning,
        stop: deps.stop,
        storedBytes: layout.storedBytes,
        onRange: (range) => acceptAll(targets, book.read(range))
      })
    } catch (error) {
      failure = error
    }
  })

  const settled = await run.phase('Finish', async () => {
    for (const target of targets) await target.finish?.(failure === undefined)
    // Also after a failure: the log then records exactly the changes that were applied.
    const settled = run.ledger.settle()
    if (settings.changes) await writeChangeLog(run, settled.log)
    return settled
  })
  const summary = book.summary(settled, {
    location: `${deps.store.location}${settings.prefix}`,
    dryRun: settings.dryRun,
    harvestRequests: deps.harvest.requests,
    objectsWritten: run.writer.written
  })
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
