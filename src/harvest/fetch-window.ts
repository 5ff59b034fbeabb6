import { daysBetweenInclusive } from '../export/dates.js'
import { splitWindow } from '../export/window.js'
import { forEachConcurrent } from '../util/pool.js'
import { PAGE_SIZE, type HarvestClient, type RangeResult } from './client.js'

export interface FetchPlanOptions {
  concurrency: number
  pagesPerRange: number
  ranges?: number
}

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
 * ranges in flight are held in memory. A first page for the whole window settles small
 * accounts in one request and tells how to split large ones.
 *
 * On the first failure, walks in flight are aborted and no new range starts; ranges already
 * handed over stay done. The error is rethrown after everything has settled.
 */
export async function fetchWindow(
  client: HarvestClient,
  from: string,
  to: string,
  options: FetchPlanOptions,
  onRange: (range: RangeResult) => Promise<void>,
  /** Aborted when the run must stop early (a Lambda about to time out): no new range starts. */
  stop?: AbortSignal
): Promise<void> {
  const days = daysBetweenInclusive(from, to)
  const forced = options.ranges !== undefined && options.ranges > 1
  const probe = forced ? undefined : await client.firstPage(from, to, stop)
  if (probe && (!probe.links?.next || days === 1)) {
    await onRange(await client.fetchRange(from, to, stop, probe))
    return
  }
  const count = rangeCount(probe?.total_entries ?? 0, days, options)
  const ranges = splitWindow(from, to, count)
  const abort = new AbortController()
  const onStop = (): void => abort.abort(stop?.reason)
  if (stop?.aborted) onStop()
  stop?.addEventListener('abort', onStop, { once: true })
  try {
    await forEachConcurrent(ranges, options.concurrency, async (range) => {
      try {
        if (abort.signal.aborted) throw abort.signal.reason
        const result = await client.fetchRange(range.from, range.to, abort.signal)
        await onRange(result)
      } catch (error) {
        abort.abort(error)
        throw error
      }
    })
  } finally {
    stop?.removeEventListener('abort', onStop)
  }
}
