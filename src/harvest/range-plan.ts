/**
 * Plans the date ranges of a run from the sizes of the day files already stored, so that
 * each range ends just under a page boundary: a range of 15,900 entries costs 8 requests,
 * one of 16,100 costs 9. Planning only affects how many requests a run makes, never what
 * it stores: every range is still walked to the end and checked against Harvest's total.
 */
import { addDays, daysBetweenInclusive, eachDate } from '../util/calendar.js'
import { PAGE_SIZE } from './client.js'

/**
 * Estimates are taken this much high, so a range planned to end just under a page boundary
 * still does when bytes per entry differ a little from day to day.
 */
const ESTIMATE_MARGIN = 0.005
/** Entries a range may have gained since the stored files were written. */
const ESTIMATE_SLACK = 25

/** Stored sizes guide a plan only where no stretch of days longer than this lacks a file. */
const LONGEST_UNSTORED_GAP_DAYS = 14

export interface DayRange {
  from: string
  to: string
}

/** How a run reads Harvest; tuning that users never need (the benchmark compares settings). */
export interface FetchPlanOptions {
  /** Ranges walked at the same time. */
  concurrency: number
  /** Pages (of 2,000 entries) a range is sized for: bounds memory per range in flight. */
  pagesPerRange: number
  /** Force this many ranges instead of sizing them from the entry count. */
  ranges?: number
}

/**
 * Splits `from..to` into `count` contiguous ranges of whole days, as equal as possible,
 * newest range first (Harvest's busiest recent days start fetching earliest).
 */
export function splitWindow(from: string, to: string, count: number): DayRange[] {
  const total = daysBetweenInclusive(from, to)
  const parts = Math.max(1, Math.min(count, total))
  const ranges: DayRange[] = []
  let start = from
  for (let index = 0; index < parts; index++) {
    const length = Math.floor(total / parts) + (index < total % parts ? 1 : 0)
    const end = addDays(start, length - 1)
    ranges.push({ from: start, to: end })
    start = addDays(end, 1)
  }
  return ranges.reverse()
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
 * The ranges for `from..to` holding `total` entries: planned from `storedBytes` (each day
 * file's stored size) when the store has those days, so that each range ends just under a
 * page boundary; otherwise split evenly, as a first run does. A gap of more than
 * LONGEST_UNSTORED_GAP_DAYS without a file more likely means those days were never
 * exported than that nobody tracked time for two weeks.
 */
export function planDays(
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

/** Pages a range of `estimate` entries is planned at, with the estimate's margin. */
function plannedPages(estimate: number): number {
  return Math.max(1, Math.ceil((estimate * (1 + ESTIMATE_MARGIN) + ESTIMATE_SLACK) / PAGE_SIZE))
}

/**
 * Splits `dates` (oldest first, with an estimated entry count each) into contiguous ranges of
 * at most `pagesPerRange` pages (memory per range in flight stays bounded; a single day over
 * that is a range of its own), small enough that there are at least `minRanges` where the
 * pages allow (walks run side by side). Each range ends about where its last page has the
 * fewest places left empty: those add up to the requests spent over the bare entry count.
 * Returned newest first, the order they are fetched in.
 */
export function planRanges(
  dates: readonly string[],
  estimates: readonly number[],
  options: { minRanges: number; pagesPerRange: number }
): DayRange[] {
  const all = plannedPages(estimates.reduce((sum, count) => sum + count, 0))
  const cap = Math.max(1, Math.min(options.pagesPerRange, Math.ceil(all / options.minRanges)))
  const ranges: DayRange[] = []
  for (let start = 0; start < dates.length;) {
    const ends: Array<{ index: number; empty: number }> = []
    let entries = 0
    for (let index = start; index < dates.length; index++) {
      entries += estimates[index]
      const pages = plannedPages(entries)
      if (pages > cap && index > start) break
      // Where the rest fits, one range: a split never saves a page then.
      ends.push({ index, empty: index === dates.length - 1 ? 0 : pages * PAGE_SIZE - entries })
    }
    // The farthest end within a tenth of a page of the fewest empty places: about as few
    // pages as the best cut, in fewer ranges.
    const least = Math.min(...ends.map((end) => end.empty))
    const end = ends.findLast((end) => end.empty <= least + PAGE_SIZE / 10)!.index
    ranges.push({ from: dates[start], to: dates[end] })
    start = end + 1
  }
  return ranges.reverse()
}
