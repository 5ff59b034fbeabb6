/**
 * Plans a run's date ranges from the stored day files' sizes, each ending just under a page
 * boundary (15,900 entries cost 8 requests, 16,100 cost 9), and around the last run's reads
 * (unchanged pages need no parse). It changes the request count, never what is stored: every
 * range is still walked to the end and checked against Harvest's total.
 */
import { addDays, daysBetweenInclusive, eachDate } from '../util/calendar.js'
import { PAGE_SIZE } from './client.js'
import { HARVEST_RATE_LIMIT } from './rate-limiter.js'
import type { KnownRange } from './types.js'

/** Estimates are taken high: bytes per entry differ from day to day, entries were added. */
const ESTIMATE_MARGIN = 0.005
const ESTIMATE_SLACK = 25
const LONGEST_UNSTORED_GAP_DAYS = 14

export interface DayRange {
  from: string
  to: string
}

/** How a run reads Harvest: tuning users never need (the benchmark compares settings). */
export interface FetchPlanOptions {
  concurrency: number
  /** Pages a range is sized for: bounds memory per range in flight. */
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
 * Enough ranges that each holds about `pagesPerRange` pages, and at least `concurrency` so
 * the walks run side by side: each extra range costs at most one partly filled page.
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
 * The ranges for `from..to` holding `total` entries: from the stored day files' sizes, else split
 * evenly as on a first run. A gap over LONGEST_UNSTORED_GAP_DAYS more likely means days never
 * exported than two weeks nobody tracked time.
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
  const stored = sum(bytes)
  if (total > 0 && stored > 0 && noLongGap(bytes)) {
    const estimates = bytes.map((size) => size / (stored / total))
    return planRanges(dates, estimates, {
      minRanges: options.concurrency,
      pagesPerRange: options.pagesPerRange
    })
  }
  return splitWindow(from, to, rangeCount(total, dates.length, options))
}

function noLongGap(bytes: readonly number[]): boolean {
  let gap = 0
  for (const size of bytes) {
    gap = size > 0 ? 0 : gap + 1
    if (gap > LONGEST_UNSTORED_GAP_DAYS) return false
  }
  return true
}

function sum(values: readonly number[]): number {
  return values.reduce((all, value) => all + value, 0)
}

/** Pages a range of `estimate` entries is planned at, with the estimate's margin. */
function plannedPages(estimate: number): number {
  return pagesFor(estimate * (1 + ESTIMATE_MARGIN) + ESTIMATE_SLACK)
}

/**
 * Splits `dates` (oldest first, each with an estimate) into contiguous ranges of at most
 * `pagesPerRange` pages (a bigger day alone), at least `minRanges` where the pages allow, each
 * ending where its last page leaves the fewest places empty (those are the requests spent over
 * the bare count). Newest first, the order they are fetched in.
 */
export function planRanges(
  dates: readonly string[],
  estimates: readonly number[],
  options: { minRanges: number; pagesPerRange: number }
): DayRange[] {
  const all = plannedPages(sum(estimates))
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

/**
 * Extra pages, as a share of a fresh plan's, worth paying to read the last run's ranges
 * again: a few more requests side by side cost next to no time, every page not parsed saves
 * CPU (what a small Lambda is short of).
 */
const KNOWN_RANGES_ALLOWANCE = 0.1

/**
 * The last run's ranges (`planAround`: unchanged pages are not parsed) where they cost at most
 * KNOWN_RANGES_ALLOWANCE more pages than a fresh plan (`planDays`) and no more rate-limit
 * windows (one more costs 15 s); otherwise the fresh plan.
 */
export function planReads(
  from: string,
  to: string,
  total: number,
  options: FetchPlanOptions,
  storedBytes: ReadonlyMap<string, number> | undefined,
  known: ReadonlyArray<KnownRange>
): DayRange[] {
  const fresh = planDays(from, to, total, options, storedBytes)
  if (known.length === 0) return fresh
  const around = planAround(from, to, total, options, storedBytes, known)
  const freshPages = estimatedPages(fresh, total, storedBytes, known)
  const aroundPages = estimatedPages(around, total, storedBytes, known)
  if (Number.isNaN(freshPages)) return around
  const windows = (pages: number): number => Math.ceil(pages / HARVEST_RATE_LIMIT.max)
  return aroundPages <= freshPages + Math.floor(freshPages * KNOWN_RANGES_ALLOWANCE) &&
    windows(aroundPages) <= windows(freshPages)
    ? around
    : fresh
}

/**
 * Pages `ranges` would take: a range the last run read takes what its count took then; the
 * others share what is left of `total` as their stored bytes (NaN when they have none).
 */
function estimatedPages(
  ranges: readonly DayRange[],
  total: number,
  storedBytes: ReadonlyMap<string, number> | undefined,
  known: ReadonlyArray<KnownRange>
): number {
  const counts = new Map(known.map((range) => [`${range.from}..${range.to}`, range.count]))
  let pages = 0
  let left = total
  const others: number[] = []
  for (const range of ranges) {
    const count = counts.get(`${range.from}..${range.to}`)
    if (count === undefined) others.push(bytesOf(range, storedBytes))
    else {
      pages += pagesFor(count)
      left -= count
    }
  }
  const all = sum(others)
  if (all === 0) return others.length === 0 ? pages : Number.NaN
  for (const size of others) pages += pagesFor((Math.max(0, left) * size) / all)
  return pages
}

/** An empty range still takes its one request. */
function pagesFor(count: number): number {
  return Math.max(1, Math.ceil(count / PAGE_SIZE))
}

function bytesOf(range: DayRange, storedBytes: ReadonlyMap<string, number> | undefined): number {
  return sum(eachDate(range.from, range.to).map((date) => storedBytes?.get(date) ?? 0))
}

/**
 * The ranges for `from..to` when the last run's reads are known: each that lies inside is
 * read again as it was (its pages come back byte for byte unless its days changed); only the
 * days between them are planned.
 */
export function planAround(
  from: string,
  to: string,
  total: number,
  options: FetchPlanOptions,
  storedBytes: ReadonlyMap<string, number> | undefined,
  known: ReadonlyArray<KnownRange>
): DayRange[] {
  // A read that grew past the cap is planned anew: memory per range in flight stays bounded.
  const kept = mergeNeighbours(
    known.filter(
      (range) =>
        range.from >= from && range.to <= to && range.count <= options.pagesPerRange * PAGE_SIZE
    ),
    options.pagesPerRange
  )
  if (kept.length === 0) return planDays(from, to, total, options, storedBytes)
  const gaps: DayRange[] = []
  let next = from
  for (const range of kept) {
    if (range.from > next) gaps.push({ from: next, to: addDays(range.from, -1) })
    next = addDays(range.to, 1)
  }
  if (next <= to) gaps.push({ from: next, to })
  // The days between hold what the kept ranges (as they were) leave, shared by size.
  const left = Math.max(0, total - sum(kept.map((range) => range.count)))
  const bytes = gaps.map((gap) => bytesOf(gap, storedBytes))
  const days = gaps.map((gap) => daysBetweenInclusive(gap.from, gap.to))
  const [allBytes, allDays] = [sum(bytes), sum(days)]
  const planned = gaps.flatMap((gap, index) => {
    // Days with no stored file get a share by their number: guessing high only adds ranges.
    const share = allBytes > 0 && bytes[index] > 0 ? bytes[index] / allBytes : days[index] / allDays
    return planDays(gap.from, gap.to, left * share, { ...options, concurrency: 1 }, storedBytes)
  })
  const ranges = [...kept.map(({ from, to }) => ({ from, to })), ...planned]
  return ranges.sort((a, b) => (a.from < b.from ? 1 : -1))
}

/**
 * `ranges` without overlaps. A range of one page is merged into its neighbour where one
 * range costs fewer pages than two: each merge costs the next run its parse-free reread of
 * both, so only the small ranges a moving window leaves behind are merged.
 */
function mergeNeighbours(ranges: ReadonlyArray<KnownRange>, cap: number): KnownRange[] {
  const kept: KnownRange[] = []
  for (const range of ranges) {
    const last = kept.at(-1)
    if (last && range.from <= last.to) continue
    const count = (last?.count ?? 0) + range.count
    if (
      last &&
      addDays(last.to, 1) === range.from &&
      Math.min(last.count, range.count) <= PAGE_SIZE &&
      pagesFor(count) < pagesFor(last.count) + pagesFor(range.count) &&
      pagesFor(count) <= cap
    )
      kept[kept.length - 1] = { from: last.from, to: range.to, count }
    else kept.push({ ...range })
  }
  return kept
}
