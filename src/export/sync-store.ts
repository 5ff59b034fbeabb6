import { fetchWindow } from '../harvest/fetch-window.js'
import type { TimeEntryPages } from '../harvest/types.js'
import { resourceJob, type ResourceAccess } from '../resources/resource-job.js'
import { resourcesWritten, type ExportSummary } from '../report/summary.js'
import type { Store } from '../store/store.js'
import { ChangeLedger } from './changes.js'
import { closedLogKey, writeChangeLog } from './change-log.js'
import { closedTimeChanged } from './closed-failure.js'
import type { RunContext, Target } from './run-context.js'
import { DayBook } from './day-book.js'
import { failureWithContext } from './failure-context.js'
import { withPartialSummary } from './partial-summary.js'
import { windowTargets } from './targets.js'
import {
  DEFAULT_TUNING,
  type ExportSettings,
  type ExportTuning,
  type RunObserver
} from './types.js'
import { computeWindow } from './window.js'
import { ObjectWriter } from './writer.js'
import type { LateEditsWiring } from '../late-edits/harvest-reads.js'
import { checkArchive, lateSummary, openLateEdits, sweepPhase } from './run-late-edits.js'
import { RunTables } from '../tables/run-tables.js'
import {
  buildMonthTables,
  listForTables,
  needsRebuild,
  type TablesListing
} from './month-tables.js'

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
  /** How to read the resources other than time entries (`resources`), when any is asked for. */
  resources?: ResourceAccess
}

/**
 * One run: plans the reads of the window, hands each complete read to the objects it makes
 * true (day files or a snapshot, the `latestKey` file), each of which reconciles through
 * the one writer, then writes the change log and reports. Knows nothing about where its
 * settings came from, nor which layouts exist (`windowTargets`).
 */
export async function syncStore(
  settings: ExportSettings,
  deps: ExportDependencies
): Promise<ExportSummary> {
  const tuning: ExportTuning = { ...DEFAULT_TUNING, ...deps.tuning }
  const run = runContext(settings, deps, tuning.storeConcurrency)
  const { window, book, log } = run
  const names = resourceNames(settings)
  const days = keepsDays(settings)
  const dryRun = settings.dryRun ? '; dry run: nothing will be written' : ''
  log.info(
    (days
      ? `Window ${window.from}..${window.to} (${book.size} days, today is ${window.today} in ${settings.window.timeZone}); `
      : `No time entries (resources: ${names.join(', ')}); `) +
      `store ${deps.store.location}${settings.prefix}${dryRun}`
  )
  const { layout, targets } = windowTargets(run)
  const resources = resourceJob(run, names, deps.resources, deps.stop)
  // Before anything is written: a state of another account, layout or format stops the run
  // here (also a snapshot, or a run of other resources only). The archive of days (and so its state and sweep) exists only
  // when time entries are exported.
  const now = deps.now ?? new Date()
  const lateRun = days
    ? await openLateEdits(run, deps.lateEdits, deps.stop)
    : await checkArchive(run, deps.lateEdits)
  const late = lateRun?.late
  run.files = late?.files
  let before: TablesListing | undefined
  if (run.tables && days) {
    const tables = run.tables
    tables.memory = late?.tables
    before = await listForTables(run)
    const listed = before
    tables.stale = (month) => needsRebuild(month, listed, false, tables)
    book.onSettle = (date, written) => tables.settled(date, written)
  }
  const pages = late ? late.watch(deps.harvest) : deps.harvest
  const reads: ReadJob[] = []
  if (days) {
    reads.push({
      targets,
      read: () =>
        fetchWindow({
          pages,
          from: window.from,
          to: window.to,
          plan: tuning,
          stop: deps.stop,
          storedBytes: layout.storedBytes,
          memo: late?.reads,
          onRange: async (range) => {
            await late?.beforeWrite(range)
            await acceptAll(targets, book.read(range))
          }
        })
    })
  }
  if (resources) reads.push({ targets: [resources.objects], read: () => resources.read() })
  const everyTarget = reads.flatMap((job) => job.targets)
  for (const target of everyTarget) await target.prepare?.()

  const fetchPhase = days ? layout.fetchPhase : 'Fetch from Harvest and write changed objects'
  const failure = await run.phase(fetchPhase, () => firstFailure(reads))
  // The days before the window, once the window's are written (its read plans: late edits).
  const sweepFailure = late && (await sweepPhase(run, late, failure !== undefined))
  const settled = await run.phase('Finish', async () => {
    for (const target of everyTarget) await target.finish?.(failure === undefined)
    // Also after a failure: the log then records exactly the changes that were applied.
    const settled = run.ledger.settle()
    if (settings.changes) await writeChangeLog(run, settled.log, settled.closed)
    return settled
  })
  const succeeded = failure === undefined && sweepFailure === undefined
  // Only once every day file is exact: a failed run builds no table (the next run will). A
  // table that fails leaves its month unrecorded, so the next run tries it again.
  const tables = run.tables
  const tablesFailure =
    succeeded && days && tables
      ? await run
          .phase('Tables', () => buildMonthTables(run, tables, before))
          .then(
            () => undefined,
            (error: unknown) => error
          )
      : undefined
  if (succeeded) await late?.finish(deps.lateEdits?.startedAt(), now, run.writer.written.length > 0)
  const rows = resources?.objects.reports() ?? []
  const summary: ExportSummary = {
    ...book.summary(settled, {
      location: `${deps.store.location}${settings.prefix}`,
      dryRun: settings.dryRun,
      harvestRequests: deps.harvest.requests,
      objectsWritten: run.writer.written
    }),
    resources: rows,
    resourcesWritten: resourcesWritten(rows),
    ...(run.tables && { tables: run.tables.written }),
    ...(lateRun && lateSummary(lateRun, settled))
  }
  const failed = failure ?? sweepFailure ?? tablesFailure
  if (failed !== undefined) throw withPartialSummary(failureWithContext(failed, summary), summary)
  // Only now, with every object and the state written, so the archive stays exact.
  if (settings.onClosedChange === 'fail' && summary.closedChanges.length > 0) {
    const logKey = settings.changes ? closedLogKey(run) : undefined
    throw withPartialSummary(closedTimeChanged(summary, logKey), summary)
  }
  return summary
}

/** Reads that run side by side (one rate limiter), each feeding its own targets. */
interface ReadJob {
  targets: ReadonlyArray<Target<never>>
  read(): Promise<void>
}

/** Runs every read to its end; the first failure, if any, once all have settled. */
async function firstFailure(reads: readonly ReadJob[]): Promise<unknown> {
  const results = await Promise.allSettled(reads.map((job) => job.read()))
  return results.find((result) => result.status === 'rejected')?.reason
}

/** The resources a run keeps: time entries alone unless `resources` says otherwise. */
function resourceNames(settings: ExportSettings): NonNullable<ExportSettings['resources']> {
  return settings.resources ?? ['time_entries']
}

/** Time entries (the window and its day files) are kept only when `resources` names them. */
function keepsDays(settings: ExportSettings): boolean {
  return resourceNames(settings).includes('time_entries')
}

async function acceptAll<R>(targets: ReadonlyArray<Target<R>>, read: R): Promise<void> {
  for (const target of targets) await target.accept?.(read)
}

function runContext(
  settings: ExportSettings,
  deps: ExportDependencies,
  storeConcurrency: number
): RunContext {
  const window = computeWindow(settings.window, deps.now ?? new Date())
  const { observer } = deps
  return {
    settings,
    window,
    scheme: { prefix: settings.prefix, layout: settings.layout, format: settings.format },
    writer: new ObjectWriter(deps.store, settings.dryRun, storeConcurrency),
    book: new DayBook(window, observer, keepsDays(settings)),
    ledger: new ChangeLedger(settings.changes),
    ...(settings.tables === 'parquet' && {
      tables: new RunTables(keepsDays(settings) ? window : undefined)
    }),
    log: observer.log,
    phase: (name, work) => (observer.phase ? observer.phase(name, work) : work())
  }
}
