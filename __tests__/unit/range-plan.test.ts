import { eachDate } from '../../src/util/calendar.js'
import { planRanges, splitWindow, type DayRange } from '../../src/harvest/range-plan.js'

const PAGE = 2000

/** A working week's pattern with some noise: 500..1300 entries on weekdays, few at weekends. */
function dayCounts(days: number, seed: number): number[] {
  let state = seed
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
  return Array.from({ length: days }, (_, i) =>
    i % 7 >= 5 ? Math.floor(next() * 40) : 500 + Math.floor(next() * 800)
  )
}

function pagesOf(ranges: DayRange[], dates: string[], counts: number[]): number[] {
  return ranges.map((range) => {
    let entries = 0
    dates.forEach((date, i) => {
      if (date >= range.from && date <= range.to) entries += counts[i]
    })
    return Math.max(1, Math.ceil(entries / PAGE))
  })
}

describe('planning ranges from stored day sizes', () => {
  const dates = eachDate('2025-01-01', '2025-04-30')

  it.each([
    ['a 120-day window', dates],
    ['a 3,661-day window (planned in blocks of days)', eachDate('2015-01-01', '2025-01-10')]
  ])('covers every day of %s once, newest range first, contiguous', (_name, window) => {
    const counts = dayCounts(window.length, 3)
    const ranges = planRanges(window, counts, { minRanges: 4, pagesPerRange: 8 })
    expect(ranges[0].to).toBe(window.at(-1))
    expect(ranges.at(-1)!.from).toBe(window[0])
    for (let i = 1; i < ranges.length; i++) {
      expect(ranges[i].from <= ranges[i].to).toBe(true)
      expect(eachDate(ranges[i].to, ranges[i - 1].from)).toHaveLength(2)
    }
    expect(Math.max(...pagesOf(ranges, window, counts))).toBeLessThanOrEqual(8)
  })

  it.each([1, 2, 3, 4, 5, 6])(
    'needs fewer pages than equal-day ranges and at most one more than the whole window (seed %d)',
    (seed) => {
      const counts = dayCounts(dates.length, seed)
      const total = counts.reduce((a, b) => a + b, 0)
      const planned = planRanges(dates, counts, { minRanges: 4, pagesPerRange: 8 })
      const equal = splitWindow(dates[0], dates.at(-1)!, planned.length)
      const plannedPages = pagesOf(planned, dates, counts).reduce((a, b) => a + b, 0)
      const equalPages = pagesOf(equal, dates, counts).reduce((a, b) => a + b, 0)
      expect(plannedPages).toBeLessThanOrEqual(Math.ceil(total / PAGE) + 1)
      expect(plannedPages).toBeLessThan(equalPages)
    }
  )

  it('keeps each range within the page cap (memory per range) and uses the walks it may', () => {
    const counts = dayCounts(dates.length, 9)
    const ranges = planRanges(dates, counts, { minRanges: 4, pagesPerRange: 3 })
    expect(Math.max(...pagesOf(ranges, dates, counts))).toBeLessThanOrEqual(3)
    expect(ranges.length).toBeGreaterThanOrEqual(4)
  })

  it('lets a single day over the cap be a range of its own', () => {
    const counts = [100, 9_000, 100, 100]
    const ranges = planRanges(dates.slice(0, 4), counts, { minRanges: 1, pagesPerRange: 2 })
    expect(ranges).toContainEqual({ from: dates[1], to: dates[1] })
  })

  it('does not split what fits in one page', () => {
    const ranges = planRanges(dates.slice(0, 30), new Array(30).fill(50), {
      minRanges: 4,
      pagesPerRange: 8
    })
    expect(ranges).toEqual([{ from: dates[0], to: dates[29] }])
  })
})
