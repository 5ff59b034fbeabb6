import { rangeCount } from '../../src/harvest/range-plan.js'

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
