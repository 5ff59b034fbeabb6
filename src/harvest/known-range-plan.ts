/**
 * Plans a rerun's ranges around the last run's reads (`ReadMemory`): a range read again as
 * it was comes back byte for byte unless its days changed, and then needs no parsing.
 */
import { addDays, daysBetweenInclusive, eachDate } from '../util/calendar.js'
import { PAGE_SIZE } from './client.js'
import { planDays, type DayRange, type FetchPlanOptions } from './range-plan.js'
import { HARVEST_RATE_LIMIT } from './rate-limiter.js'
import type { KnownRange } from './types.js'

/**
 * Extra pages, as a share of a fresh plan's, worth paying to read the last run's ranges
 * again: requests run side by side, so a few more cost next to no time, while every page
 * not parsed saves CPU (what a small Lambda is short of).
 */
const KNOWN_RANGES_ALLOWANCE = 0.1

/**
 * The ranges for `from..to`: the last run's (`planAround`) where that costs at most
 * KNOWN_RANGES_ALLOWANCE more pages than a plan from the stored sizes (`planDays`) and no
 * more of Harvest's rate-limit windows (a window more would cost its 15 s), since a range
 * whose pages come back unchanged is not parsed; otherwise the fresh plan.
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
 * Pages `ranges` would take: a range the last run read takes what its count took then (a
 * stored file someone else rewrote does not move it); the others share what is left of
 * `total` as the stored bytes are spread (NaN when they have no stored bytes).
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
  const all = others.reduce((sum, size) => sum + size, 0)
  if (others.length === 0) return pages
  if (all === 0) return Number.NaN
  for (const size of others) pages += pagesFor((Math.max(0, left) * size) / all)
  return pages
}

/** Pages of `count` entries (an empty range still takes its one request). */
function pagesFor(count: number): number {
  return Math.max(1, Math.ceil(count / PAGE_SIZE))
}

/** The stored bytes of the days of `range`. */
function bytesOf(range: DayRange, storedBytes: ReadonlyMap<string, number> | undefined): number {
  let bytes = 0
  for (const date of eachDate(range.from, range.to)) bytes += storedBytes?.get(date) ?? 0
  return bytes
}

/**
 * The ranges for `from..to` when the last run's reads are known: each that lies inside is
 * read again as it was, so its pages come back byte for byte unless its days changed (and
 * then need no parsing, `readRange`); only the days between them are planned. Neighbours
 * are merged where that saves a page within the cap: a window that moves a day at a time
 * would otherwise leave a trail of small ranges.
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
  const left = Math.max(0, total - kept.reduce((sum, range) => sum + range.count, 0))
  const weights = gaps.map((gap) => ({
    bytes: bytesOf(gap, storedBytes),
    days: daysBetweenInclusive(gap.from, gap.to)
  }))
  const allBytes = weights.reduce((sum, weight) => sum + weight.bytes, 0)
  const allDays = weights.reduce((sum, weight) => sum + weight.days, 0)
  const planned = gaps.flatMap((gap, index) => {
    // Days with no stored file get a share by their number: guessing high only adds ranges.
    const { bytes, days } = weights[index]
    const share = allBytes > 0 && bytes > 0 ? bytes / allBytes : days / allDays
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
    if (last && addDays(last.to, 1) === range.from) {
      const count = last.count + range.count
      const small = Math.min(last.count, range.count) <= PAGE_SIZE
      if (
        small &&
        pagesFor(count) < pagesFor(last.count) + pagesFor(range.count) &&
        pagesFor(count) <= cap
      ) {
        kept[kept.length - 1] = { from: last.from, to: range.to, count }
        continue
      }
    }
    kept.push({ ...range })
  }
  return kept
}
