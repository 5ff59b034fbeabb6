import { eachDate } from '../../../src/util/calendar.js'
import {
  planAround,
  planReads,
  planDays,
  planRanges,
  rangeCount,
  splitWindow,
  type DayRange
} from '../../../src/harvest/range-plan.js'

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
    ['a 3,661-day window', eachDate('2015-01-01', '2025-01-10')]
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

describe("planning around the last run's reads", () => {
  const options = { concurrency: 4, pagesPerRange: 8 }

  it('keeps the reads inside the stretch as they were and plans only the days between', () => {
    const known = [
      { from: '2024-12-20', to: '2025-01-09', count: 15_000 },
      { from: '2025-01-10', to: '2025-01-31', count: 15_500 },
      { from: '2025-02-01', to: '2025-02-20', count: 15_900 }
    ]
    const ranges = planAround('2025-01-01', '2025-03-10', 50_000, options, undefined, known)
    expect(ranges.slice().reverse()[0].from).toBe('2025-01-01')
    expect(ranges).toContainEqual({ from: '2025-01-10', to: '2025-01-31' })
    expect(ranges).toContainEqual({ from: '2025-02-01', to: '2025-02-20' })
    // The read starting before the stretch is not kept: its days are planned anew.
    expect(ranges.some((range) => range.from === '2024-12-20')).toBe(false)
    // Contiguous, newest first, covering the stretch exactly.
    const oldestFirst = ranges.slice().reverse()
    expect(oldestFirst.at(-1)!.to).toBe('2025-03-10')
    for (let i = 1; i < oldestFirst.length; i++) {
      expect(oldestFirst[i].from > oldestFirst[i - 1].to).toBe(true)
      const next = new Date(`${oldestFirst[i - 1].to}T00:00:00Z`)
      next.setUTCDate(next.getUTCDate() + 1)
      expect(oldestFirst[i].from).toBe(next.toISOString().slice(0, 10))
    }
  })

  it('merges the small reads a moving window leaves behind, and drops overlapping ones', () => {
    const known = [
      { from: '2025-01-01', to: '2025-01-02', count: 800 },
      { from: '2025-01-03', to: '2025-01-04', count: 900 },
      { from: '2025-01-04', to: '2025-01-06', count: 900 },
      { from: '2025-01-07', to: '2025-01-20', count: 12_000 }
    ]
    expect(planAround('2025-01-01', '2025-01-20', 14_000, options, undefined, known)).toEqual([
      { from: '2025-01-07', to: '2025-01-20' },
      { from: '2025-01-05', to: '2025-01-06' },
      { from: '2025-01-01', to: '2025-01-04' }
    ])
    // Two reads of several pages each stay apart even where one would cost a page less.
    const large = [
      { from: '2025-01-01', to: '2025-01-10', count: 3000 },
      { from: '2025-01-11', to: '2025-01-20', count: 3000 }
    ]
    expect(planAround('2025-01-01', '2025-01-20', 6000, options, undefined, large)).toEqual([
      { from: '2025-01-11', to: '2025-01-20' },
      { from: '2025-01-01', to: '2025-01-10' }
    ])
  })

  describe('choosing between them', () => {
    const from = '2025-01-01'
    const to = '2025-04-01'
    const bytes = new Map(eachDate(from, to).map((date) => [date, 100_000]))
    /** 13 reads of a week each, `count` entries each. */
    const weeks = (count: number) =>
      Array.from({ length: 13 }, (_, i) => {
        const start = new Date(Date.UTC(2025, 0, 1 + 7 * i))
        const end = new Date(Date.UTC(2025, 0, 7 + 7 * i))
        return { from: start.toISOString().slice(0, 10), to: end.toISOString().slice(0, 10), count }
      })

    it('reads the last ranges again when they cost a few pages more', () => {
      // 13 x 6 pages = 78, against about 76 planned afresh for 150,000 entries.
      const known = weeks(11_540)
      expect(planReads(from, to, 150_020, options, bytes, known)).toEqual(
        planAround(from, to, 150_020, options, bytes, known)
      )
    })

    it('plans afresh when the last ranges cost over a tenth more pages', () => {
      // 13 x 3 pages = 39 for 53,300 entries, against about 27 planned afresh.
      const known = weeks(4_100)
      expect(planReads(from, to, 53_300, options, bytes, known)).toEqual(
        planDays(from, to, 53_300, options, bytes)
      )
    })

    it('plans afresh when the last ranges would take another rate-limit window', () => {
      // 13 x 8 pages = 104 (two windows of 100 requests), within a tenth of about 97 (one)
      // in ranges of up to 16 pages.
      const wide = { concurrency: 4, pagesPerRange: 16 }
      const known = weeks(14_770)
      const fresh = planDays(from, to, 192_010, wide, bytes)
      expect(fresh.length).toBeLessThan(13)
      expect(planReads(from, to, 192_010, wide, bytes, known)).toEqual(fresh)
      // With fewer entries the same weeks stay within one window and are kept.
      expect(planReads(from, to, 180_010, wide, bytes, weeks(13_847))).toEqual(
        planAround(from, to, 180_010, wide, bytes, weeks(13_847))
      )
    })
  })
})

describe('range planning', () => {
  const options = { concurrency: 4, pagesPerRange: 4 }

  it('sizes ranges by pages so memory per range stays bounded as the window grows', () => {
    expect(rangeCount(3_000, 91, options)).toBe(2)
    expect(rangeCount(60_000, 91, options)).toBe(8)
    expect(rangeCount(250_000, 365, options)).toBe(32)
    expect(rangeCount(250_000, 10, options)).toBe(10)
    expect(rangeCount(60_000, 91, { ...options, ranges: 1 })).toBe(1)
  })
})
