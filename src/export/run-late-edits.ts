/**
 * Where a run meets late edits (`sync-store.ts`): the settings it gives them, the phase the
 * sweep runs in, and what the summary reports of it. Swept months take the window's
 * day-file path (`SweptMonths`).
 */
import { LateEdits } from '../late-edits/late-edits.js'
import type { LateEditsWiring } from '../late-edits/harvest-reads.js'
import type { ExportSummary } from '../report/summary.js'
import { readBoundState, writeState } from '../state/state-object.js'
import { stateKey } from '../state/sync-state.js'
import type { ChangeLedger } from './changes.js'
import type { RunContext } from './run-context.js'
import { SweptMonths } from './swept-months.js'

interface RunLateEdits {
  late: LateEdits
  months: SweptMonths
}

/**
 * Flat and hive runs: reads the state and binds the prefix to the account and the run's
 * layout and format before anything is written. A snapshot run keeps no state but is
 * checked against one (`checkArchive`). Undefined for snapshots and without wiring
 * (scripted test doubles).
 */
export async function openLateEdits(
  run: RunContext,
  wiring: LateEditsWiring | undefined,
  stop: AbortSignal | undefined
): Promise<RunLateEdits | undefined> {
  const { settings, window, writer } = run
  if (!wiring) return undefined
  const { layout, format } = settings
  if (layout === 'snapshot') return checkArchive(run, wiring)
  const store = writer.store
  const months = new SweptMonths(run)
  const late = await LateEdits.open(
    {
      mode: settings.lateEdits ?? 'sync',
      prefix: settings.prefix,
      accountId: wiring.accountId,
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
      writeState: (body, etag) => writeState(store, stateKey(settings.prefix), body, etag),
      acceptMonth: (read) => months.accept(read)
    },
    window,
    stop
  )
  return { late, months }
}

/**
 * A run that keeps no state (a snapshot, or other resources only) is still stopped before
 * any write by the prefix's state: another account's archive, or one of another layout or
 * format (a snapshot beside day files, resource objects at another layout's keys).
 */
export async function checkArchive(
  run: RunContext,
  wiring: LateEditsWiring | undefined
): Promise<undefined> {
  if (!wiring) return undefined
  const { prefix, layout, format } = run.settings
  await readBoundState(run.writer.store, {
    prefix,
    accountId: wiring.accountId,
    shape: { layout, format }
  })
  return undefined
}

/** After the window: the sweep, in a phase of its own when there is one. */
export function sweepPhase(run: RunContext, late: LateEdits, windowFailed: boolean) {
  if (windowFailed || !late.span) return late.sweep(windowFailed)
  return run.phase('Bring late edits in', () => late.sweep())
}

/** What the summary reports of late edits: the swept days that were written. */
export function lateSummary(
  { late, months }: RunLateEdits,
  settled: ReturnType<ChangeLedger['settle']>
): Pick<ExportSummary, 'lateDaysWritten' | 'late'> {
  const refreshed = late.refreshedMonths
  if (!refreshed) return { lateDaysWritten: 0 }
  const days = months.writtenDays(settled)
  return { lateDaysWritten: days.length, late: { months: refreshed, days } }
}
