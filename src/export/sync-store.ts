import { fetchWindow } from '../harvest/fetch-window.js'
import type { TimeEntryPages } from '../harvest/types.js'
import { utf8Bytes } from '../util/utf8.js'
import { changeLogKey } from './layout.js'
import { CONTENT_TYPES, serializeEntries, sortEntries } from './serialize.js'
import { resourceJob, type ResourceAccess } from '../resources/resource-job.js'
import { resourcesWritten, type ExportSummary } from '../report/summary.js'
import type { Store } from '../store/store.js'
import { ChangeLedger } from './changes.js'
import { closedTimeChanged } from './closed-failure.js'
import type { RunContext, Target } from './run-context.js'
import { DayBook, type DayEntries } from './day-book.js'
import { failureWithContext, withPartialSummary } from './partial-summary.js'
import { DayFiles } from './day-files.js'
import { Snapshot } from './snapshot.js'
import { WholeWindow } from './whole-window.js'
import {
  DEFAULT_TUNING,
  type ExportSettings,
  type ExportTuning,
  type RunObserver
} from './types.js'
import { computeWindow } from './window.js'
import { ObjectWriter, settleAll } from './writer.js'
import type { LateEditsWiring } from '../late-edits/harvest-reads.js'
import { lateSummary, openLateEdits, sweepPhase } from './run-late-edits.js'
import { RunTables } from '../tables/run-tables.js'
import { buildMonthTables, listForTables, needsRebuild } from './month-tables.js'

export interface ExportDependencies {
  harvest: TimeEntryPages
  store: Store
  observer: RunObserver
  now?: Date
  tuning?: Partial<ExportTuning>
  /** Stops the run cleanly (writes in flight finish), failing with its reason (a `UserError`). */
  stop?: AbortSignal
  /** Late edits (flat, hive): without them no state is kept. */
  lateEdits?: LateEditsWiring
  resources?: ResourceAccess
}

/**
 * One run: reads the window and hands each complete read to the objects it makes true, each
 * reconciled through the one writer; then the sweep, the change log, the tables, the report.
 */
export async function syncStore(
  settings: ExportSettings,
  deps: ExportDependencies
): Promise<ExportSummary> {
  const tuning: ExportTuning = { ...DEFAULT_TUNING, ...deps.tuning }
  const names = settings.resources ?? ['time_entries']
  // The window and its day files (so the state and the sweep) only with time entries.
  const days = names.includes('time_entries')
  const window = computeWindow(settings.window, deps.now ?? new Date())
  const { observer } = deps
  const run: RunContext = {
    settings,
    window,
    scheme: { prefix: settings.prefix, layout: settings.layout, format: settings.format },
    writer: new ObjectWriter(deps.store, settings.dryRun, tuning.storeConcurrency),
    book: new DayBook(window, observer, days),
    ledger: new ChangeLedger(settings.changes),
    ...(settings.tables === 'parquet' && { tables: new RunTables(days ? window : undefined) }),
    log: observer.log,
    phase: (name, work) => (observer.phase ? observer.phase(name, work) : work())
  }
  const { book, log } = run
  const dryRun = settings.dryRun ? '; dry run: nothing will be written' : ''
  log.info(
    (days
      ? `Window ${window.from}..${window.to} (${window.days} days, today is ${window.today} in ${settings.window.timeZone}); `
      : `No time entries (resources: ${names.join(', ')}); `) +
      `store ${deps.store.location}${settings.prefix}${dryRun}`
  )
  const { layout, targets } = windowTargets(run)
  // Before anything is written, a state of another account, layout or format stops the run.
  const now = deps.now ?? new Date()
  const lateRun = await openLateEdits(run, deps.lateEdits, deps.stop, days)
  const late = lateRun?.late
  // The mass-delete guard refuses the whole run: resources too wait for its decision.
  const resources = resourceJob(run, names, deps.resources, deps.stop, late)
  run.files = late?.files
  const tables = days ? run.tables : undefined
  const before = tables && (await listForTables(run))
  if (tables && before) {
    tables.memory = late?.tables
    tables.stale = (month) => needsRebuild(month, before, false, tables)
    book.onSettle = (date, written) => tables.settled(date, written)
  }
  const pages = late ? late.watch(deps.harvest) : deps.harvest
  // Reads that run side by side (one rate limiter), each feeding its own targets.
  const reads: Array<() => Promise<void>> = []
  const everyTarget: Array<Target<never>> = []
  if (days) {
    everyTarget.push(...targets)
    reads.push(() =>
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
          const read = book.read(range)
          for (const target of targets) await target.accept?.(read)
        }
      }).finally(() => late?.windowEnded())
    )
  }
  if (resources) reads.push(() => resources.read())
  for (const target of everyTarget) await target.prepare?.()

  const fetchPhase = days ? layout.fetchPhase : 'Fetch from Harvest and write changed objects'
  const failure = await run.phase(fetchPhase, () =>
    settleAll(reads.map((read) => read())).catch((error: unknown) => error)
  )
  const sweepFailure = late && (await sweepPhase(run, late, failure !== undefined))
  const settled = await run.phase('Finish', async () => {
    for (const target of everyTarget) await target.finish?.(failure === undefined)
    // Also after a failure: the log then records exactly the changes that were applied.
    const settled = run.ledger.settle()
    if (settings.changes) await writeChangeLog(run, settled)
    return settled
  })
  const succeeded = failure === undefined && sweepFailure === undefined
  // Only once every day file is exact: a failed run builds no table (the next run will).
  const tablesFailure =
    succeeded && tables
      ? await run
          .phase('Tables', () => buildMonthTables(run, tables, before))
          .catch((error: unknown) => error)
      : undefined
  if (succeeded) await late?.finish(deps.lateEdits?.startedAt(), now, run.writer.written.length > 0)
  const rows = resources?.reports() ?? []
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
    // A dry run writes no log object, so its message names none.
    const logKey = settings.changes && !settings.dryRun ? closedLogKey(run) : undefined
    throw withPartialSummary(closedTimeChanged(summary, logKey), summary)
  }
  return summary
}

/** The window's objects, in the order they finish: the only place that knows the layouts. */
function windowTargets(run: RunContext) {
  const { layout: name, latestKey, prefix } = run.settings
  // Fed (and so holding the window in memory) only when an object needs the whole window.
  const whole = new WholeWindow(run, latestKey === undefined ? undefined : `${prefix}${latestKey}`)
  const layout = name === 'snapshot' ? new Snapshot(run, whole) : new DayFiles(run)
  const targets: Array<Target<DayEntries[]>> = [layout]
  // After the layout: `latest-key` is written once the layout's objects are.
  if (name === 'snapshot' || latestKey !== undefined) targets.push(whole)
  return { layout, targets }
}

/** `changes: true`: one object per kind of change, and closed-time `{ before, after }` pairs. */
async function writeChangeLog(
  run: RunContext,
  { log, closed }: ReturnType<ChangeLedger['settle']>
): Promise<void> {
  for (const kind of ['new', 'updated', 'deleted'] as const) {
    if (log[kind].length === 0) continue
    await run.writer.syncWhole({
      key: changeLogKey(run.settings.prefix, kind, run.window.today, run.window.time),
      body: serializeEntries(sortEntries(log[kind]), 'json'),
      contentType: CONTENT_TYPES.json
    })
  }
  if (closed.length === 0) return
  const pairs = closed.map(({ before, after }) => ({ before, after }))
  await run.writer.syncWhole({
    key: closedLogKey(run),
    body: utf8Bytes(JSON.stringify(pairs, null, 2), '\n'),
    contentType: CONTENT_TYPES.json
  })
}

function closedLogKey(run: RunContext): string {
  return changeLogKey(run.settings.prefix, 'closed', run.window.today, run.window.time)
}
