import { addDays } from '../util/calendar.js'
import { forEachConcurrent } from '../util/pool.js'
import { entryProblem, incompleteRead, readRange } from './completeness.js'
import { planReads, splitWindow, type DayRange, type FetchPlanOptions } from './range-plan.js'
import { DayDigests } from './page-bytes.js'
import type { DaysRead, ReadMemo, TimeEntriesPage, TimeEntry, TimeEntryPages } from './types.js'

export interface FetchWindowOptions {
  pages: TimeEntryPages
  from: string
  to: string
  plan: FetchPlanOptions
  onRange: (range: DaysRead) => Promise<void>
  /** Aborted when the run must stop early (a Lambda about to time out): no new range starts. */
  stop?: AbortSignal
  /** Each stored day file's size, when known (see `planDays`). */
  storedBytes?: ReadonlyMap<string, number>
  memo?: ReadMemo
}

/**
 * Hands each complete range of `from..to` to `onRange` at once (only ranges in flight are held).
 * A whole-window first page settles small accounts in one request, else gives the total and the
 * newest days; older days go in ranges (`planReads`). After a failure only the newest days' read
 * starts; the error is rethrown once everything has settled.
 */
export async function fetchWindow(options: FetchWindowOptions): Promise<void> {
  const { pages, from, to, plan, onRange, stop, memo } = options
  if (plan.ranges !== undefined && plan.ranges > 1) {
    await walkRanges(options, splitWindow(from, to, plan.ranges))
    return
  }
  const probe = await pages.firstPage(from, to, stop)
  if (!probe.links?.next || from === to || plan.ranges === 1) {
    await onRange(await readRange(pages, from, to, stop, probe, memo))
    return
  }
  const total = probe.total_entries
  if (typeof total !== 'number') {
    throw incompleteRead(from, to, 'Harvest did not report total_entries')
  }
  const newest = newestDaysOf(probe, from, to)
  const olderTo = newest ? addDays(newest.from, -1) : to
  const olderTotal = total - (newest?.entries.length ?? 0)
  const known = memo?.ranges() ?? []
  const ranges = planReads(from, olderTo, olderTotal, plan, options.storedBytes, known)
  let newestDone = false
  let failure: { error: unknown } | undefined
  try {
    await walkRanges(options, ranges, async (olderTotals) => {
      // The older days hold what the window's total leaves, so the newest hold exactly the rest:
      // complete, written now. (Totals moments apart can balance a move against a delete; each
      // file is still a whole day as Harvest had it, and the next run settles the difference.)
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
      await onRange(await readRange(pages, newest.from, newest.to, stop, undefined, memo))
    } catch (error) {
      failure ??= { error }
    }
  }
  if (failure) throw failure.error
  if (stop?.aborted && newest && !newestDone) throw stop.reason
}

/**
 * Harvest lists entries newest first, so a first page with a next link holds every entry of the
 * days after its oldest date (checked against the other ranges' totals); undefined otherwise.
 */
function newestDaysOf(page: TimeEntriesPage, from: string, to: string): DaysRead | undefined {
  const entries = page.time_entries
  const oldest = entries.at(-1)?.spent_date
  if (oldest === undefined || oldest === to) return undefined
  const ids = new Set<number>()
  let previous = to
  for (const entry of entries) {
    if (entryProblem(entry, from, previous, ids)) return undefined
    previous = entry.spent_date
  }
  const newer = (entry: TimeEntry): boolean => entry.spent_date > oldest
  const digests = new DayDigests()
  digests.add(page, newer)
  return {
    from: addDays(oldest, 1),
    to,
    entries: entries.filter(newer),
    digestOf: digests.finish()
  }
}

/**
 * Walks `ranges`, `plan.concurrency` at a time. `onTotals` gets the sum of their
 * total_entries (NaN if one lacks it) as soon as every range's first page is in.
 */
async function walkRanges(
  { pages, plan, onRange, stop, memo }: FetchWindowOptions,
  ranges: readonly DayRange[],
  onTotals?: (sum: number) => Promise<void>
): Promise<void> {
  const abort = new AbortController()
  const signal = stop ? AbortSignal.any([stop, abort.signal]) : abort.signal
  let started = 0
  let totals = 0
  await forEachConcurrent(ranges, plan.concurrency, async (range) => {
    try {
      if (signal.aborted) throw signal.reason
      const first = await pages.firstPage(range.from, range.to, signal)
      totals += typeof first.total_entries === 'number' ? first.total_entries : NaN
      if (++started === ranges.length) await onTotals?.(totals)
      await onRange(await readRange(pages, range.from, range.to, signal, first, memo))
    } catch (error) {
      abort.abort(error)
      throw error
    }
  })
}
