import { addDays, daysBetweenInclusive, eachDate } from '../export/dates.js'
import { splitWindow } from '../export/window.js'
import { forEachConcurrent } from '../util/pool.js'
import {
  PAGE_SIZE,
  entryProblem,
  incompleteRead,
  type HarvestClient,
  type RangeResult
} from './client.js'
import { planRanges, type DayRange } from './range-plan.js'
import type { TimeEntriesPage } from './types.js'

export interface FetchPlanOptions {
  concurrency: number
  pagesPerRange: number
  ranges?: number
}

/**
 * Stored sizes guide the plan only when no stretch of days longer than this lacks a stored
 * file: a wider gap more likely means those days were never exported than that nobody
 * tracked time for two weeks, and then the run splits the window as a first run does.
 */
const LONGEST_UNSTORED_GAP_DAYS = 14

/**
 * How many date ranges to split a window into once its size is known: enough that each
 * range holds about `pagesPerRange` pages (memory per range stays bounded however long the
 * window), and at least `concurrency` so the walks run side by side. Each extra range costs
 * at most one partly filled page.
 */
export function rangeCount(totalEntries: number, days: number, options: FetchPlanOptions): number {
  if (options.ranges) return Math.min(days, options.ranges)
  const pages = Math.ceil(totalEntries / PAGE_SIZE)
  return Math.max(
    1,
    Math.min(days, pages, Math.max(options.concurrency, Math.ceil(pages / options.pagesPerRange)))
  )
}

/**
 * Fetches every entry of `from..to` and hands each completed range to `onRange` as soon as
 * it is complete, so days are written while later ranges are still being read and only the
 * ranges in flight are held in memory.
 *
 * A first page for the whole window settles small accounts in one request. For larger ones
 * it gives the total, and its newest days are kept (see `newestDaysOf`); the older days
 * are split into ranges, planned from `storedBytes` (each day file's stored size) when the
 * store has the window, so that each range ends just under a page boundary.
 *
 * On the first failure, walks in flight are aborted and no new range starts but the newest
 * days' own (if they were not handed over yet); ranges already handed over stay done. The
 * error is rethrown after everything has settled.
 */
export async function fetchWindow(
  client: HarvestClient,
  from: string,
  to: string,
  options: FetchPlanOptions,
  onRange: (range: RangeResult) => Promise<void>,
  /** Aborted when the run must stop early (a Lambda about to time out): no new range starts. */
  stop?: AbortSignal,
  storedBytes?: ReadonlyMap<string, number>
): Promise<void> {
  if (options.ranges !== undefined && options.ranges > 1) {
    await walkRanges(client, splitWindow(from, to, options.ranges), options, onRange, stop)
    return
  }
  const probe = await client.firstPage(from, to, stop)
  if (!probe.links?.next || from === to || options.ranges === 1) {
    await onRange(await client.fetchRange(from, to, stop, probe))
    return
  }
  const total = probe.total_entries
  if (typeof total !== 'number') {
    throw incompleteRead(from, to, 'Harvest did not report total_entries')
  }
  const newest = newestDaysOf(probe, from, to)
  const olderTo = newest ? addDays(newest.from, -1) : to
  const olderTotal = total - (newest?.entries.length ?? 0)
  const ranges = planOlderDays(from, olderTo, olderTotal, options, storedBytes)
  let newestDone = false
  let failure: { error: unknown } | undefined
  try {
    await walkRanges(client, ranges, options, onRange, stop, async (olderTotals) => {
      // The older days hold what the window's total leaves for them, so the newest days hold
      // exactly the rest: complete, and written now rather than after every older range.
      // (Totals taken moments apart can balance out a move plus a delete; each file is still
      // a whole day as Harvest had it, and the next run settles the difference.)
      if (newest && olderTotals === olderTotal) {
        newestDone = true
        await onRange(newest)
      }
    })
  } catch (error) {
    failure = { error }
  }
  // Otherwise the newest days, the ones that change most, are read like any range: also
  // after an older range failed, so they are not left stale by a fault elsewhere.
  if (newest && !newestDone && !stop?.aborted) {
    try {
      await onRange(await client.fetchRange(newest.from, newest.to, stop))
    } catch (error) {
      failure ??= { error }
    }
  }
  if (failure) throw failure.error
  if (stop?.aborted && newest && !newestDone) throw stop.reason
}

/**
 * Harvest lists entries newest spent date first, so a first page with a next link holds
 * every entry of the days after the oldest date on it. Those days are taken from it (and
 * checked against the totals of the other ranges) instead of read again; the
 * oldest day on the page may continue on the next page and is read with the other days.
 * Undefined when the page does not look like that (then every day is read in ranges).
 */
function newestDaysOf(page: TimeEntriesPage, from: string, to: string): RangeResult | undefined {
  const entries = page.time_entries
  const oldest = entries.at(-1)?.spent_date
  if (oldest === undefined || oldest === to) return undefined
  const ids = new Set<number>()
  let previous = to
  for (const entry of entries) {
    if (entryProblem(entry, from, previous, ids)) return undefined
    previous = entry.spent_date
  }
  return {
    from: addDays(oldest, 1),
    to,
    entries: entries.filter((entry) => entry.spent_date > oldest)
  }
}

function planOlderDays(
  from: string,
  to: string,
  total: number,
  options: FetchPlanOptions,
  storedBytes?: ReadonlyMap<string, number>
): DayRange[] {
  const dates = eachDate(from, to)
  const bytes = dates.map((date) => storedBytes?.get(date) ?? 0)
  const stored = bytes.reduce((sum, size) => sum + size, 0)
  if (total > 0 && stored > 0 && noLongGap(bytes)) {
    const bytesPerEntry = stored / total
    return planRanges(
      dates,
      bytes.map((size) => size / bytesPerEntry),
      { minRanges: options.concurrency, pagesPerRange: options.pagesPerRange }
    )
  }
  return splitWindow(from, to, rangeCount(total, daysBetweenInclusive(from, to), options))
}

function noLongGap(bytes: readonly number[]): boolean {
  let gap = 0
  for (const size of bytes) {
    gap = size > 0 ? 0 : gap + 1
    if (gap > LONGEST_UNSTORED_GAP_DAYS) return false
  }
  return true
}

/**
 * Walks `ranges`, `concurrency` at a time. `onTotals` gets the sum of their total_entries (NaN
 * if one lacks it) as soon as every range's first page is in.
 */
async function walkRanges(
  client: HarvestClient,
  ranges: readonly DayRange[],
  options: FetchPlanOptions,
  onRange: (range: RangeResult) => Promise<void>,
  stop?: AbortSignal,
  onTotals?: (sum: number) => Promise<void>
): Promise<void> {
  const abort = new AbortController()
  const onStop = (): void => abort.abort(stop?.reason)
  if (stop?.aborted) onStop()
  stop?.addEventListener('abort', onStop, { once: true })
  let started = 0
  let totals = 0
  try {
    await forEachConcurrent(ranges, options.concurrency, async (range) => {
      try {
        if (abort.signal.aborted) throw abort.signal.reason
        const first = await client.firstPage(range.from, range.to, abort.signal)
        totals += typeof first.total_entries === 'number' ? first.total_entries : NaN
        if (++started === ranges.length) await onTotals?.(totals)
        await onRange(await client.fetchRange(range.from, range.to, abort.signal, first))
      } catch (error) {
        abort.abort(error)
        throw error
      }
    })
  } finally {
    stop?.removeEventListener('abort', onStop)
  }
}
