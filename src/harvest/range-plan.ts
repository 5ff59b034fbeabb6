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
/** Units (days, or blocks of days in long windows) the plan chooses cut points among. */
const MAX_PLANNED_UNITS = 400
/** Range counts tried above the smallest one the memory cap allows. */
const EXTRA_RANGES_TRIED = 2

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
 * Splits `dates` (oldest first, with an estimated entry count each) into contiguous ranges
 * that need the fewest pages in all, with at least `minRanges` ranges (so walks run side by
 * side) and at most `pagesPerRange` pages each unless a single day (or block) holds more (memory per
 * range in flight stays bounded). Returned newest first, the order they are fetched in.
 */
export function planRanges(
  dates: readonly string[],
  estimates: readonly number[],
  options: { minRanges: number; pagesPerRange: number }
): DayRange[] {
  // Long windows are planned in blocks of days: the programme is quadratic in its units.
  const days = Math.ceil(dates.length / MAX_PLANNED_UNITS)
  const starts: number[] = []
  const prefix = [0]
  for (let start = 0; start < dates.length; start += days) {
    starts.push(start)
    const block = estimates.slice(start, start + days).reduce((sum, count) => sum + count, 0)
    prefix.push(prefix[prefix.length - 1] + block)
  }
  const n = starts.length
  if (n === 0) return []
  starts.push(dates.length)
  // Splitting a one-page range would only add requests.
  const wanted = Math.min(n, options.minRanges, plannedPages(prefix[n]))
  const lowest = Math.max(1, wanted, fewestRangesUnder(prefix, options.pagesPerRange))
  const highest = Math.min(n, lowest + EXTRA_RANGES_TRIED)
  const cuts = cheapestCuts(prefix, lowest, highest, options.pagesPerRange)
  const ranges: DayRange[] = []
  for (let index = cuts.length - 1; index > 0; index--) {
    ranges.push({ from: dates[starts[cuts[index - 1]]], to: dates[starts[cuts[index]] - 1] })
  }
  return ranges
}

/** The fewest ranges of whole days with at most `cap` pages each (greedy packing is optimal). */
function fewestRangesUnder(prefix: readonly number[], cap: number): number {
  const n = prefix.length - 1
  let ranges = 0
  for (let start = 0; start < n; ranges++) {
    let end = start + 1
    while (end < n && plannedPages(prefix[end + 1] - prefix[start]) <= cap) end++
    start = end
  }
  return ranges
}

/**
 * Dynamic programme over cut positions: the start index of each range plus the end, for the
 * range count in `lowest..highest` needing the fewest pages with at most `cap` pages in
 * each range of more than one day. `lowest` must be at least `fewestRangesUnder(cap)`.
 */
function cheapestCuts(
  prefix: readonly number[],
  lowest: number,
  highest: number,
  cap: number
): number[] {
  const n = prefix.length - 1
  // cost[k][i]: fewest pages for the first i days in k ranges; start[k][i]: where the k-th starts.
  const cost: Float64Array[] = [new Float64Array(n + 1).fill(Infinity)]
  cost[0][0] = 0
  const start: Int32Array[] = [new Int32Array(n + 1)]
  let best = { ranges: 0, pages: Infinity }
  for (let k = 1; k <= highest; k++) {
    const row = new Float64Array(n + 1).fill(Infinity)
    const from = new Int32Array(n + 1)
    for (let i = k; i <= n; i++) {
      for (let j = i - 1; j >= k - 1; j--) {
        const pages = plannedPages(prefix[i] - prefix[j])
        if (pages > cap && i - j > 1) break
        const total = cost[k - 1][j] + pages
        if (total < row[i]) {
          row[i] = total
          from[i] = j
        }
      }
    }
    cost.push(row)
    start.push(from)
    if (k >= lowest && row[n] < best.pages) best = { ranges: k, pages: row[n] }
  }
  const cuts = [n]
  for (let k = best.ranges, end = n; k >= 1; k--) {
    end = start[k][end]
    cuts.unshift(end)
  }
  return cuts
}
