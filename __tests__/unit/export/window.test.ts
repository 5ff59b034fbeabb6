import { addDays, eachDate, isIsoDate, isTimeZone, zonedParts } from '../../../src/util/calendar.js'
import { computeWindow } from '../../../src/export/window.js'
import { splitWindow } from '../../../src/harvest/range-plan.js'

describe('window', () => {
  it('covers days-back + 1 calendar days ending today, as the original script did', () => {
    const window = computeWindow(
      { daysBack: 90, timeZone: 'UTC' },
      new Date('2025-03-31T12:00:00Z')
    )
    expect(window).toMatchObject({
      from: '2024-12-31',
      to: '2025-03-31',
      today: '2025-03-31',
      days: 91
    })
  })

  it('takes today in the configured zone around midnight', () => {
    const instant = new Date('2025-01-01T02:30:00Z')
    expect(computeWindow({ daysBack: 0, timeZone: 'UTC' }, instant).to).toBe('2025-01-01')
    expect(computeWindow({ daysBack: 0, timeZone: 'America/Los_Angeles' }, instant).to).toBe(
      '2024-12-31'
    )
    expect(
      computeWindow(
        { daysBack: 0, timeZone: 'Pacific/Kiritimati' },
        new Date('2024-12-31T10:00:00Z')
      ).to
    ).toBe('2025-01-01')
  })

  it('is not shifted by daylight saving changes', () => {
    // Europe/Berlin springs forward on 2025-03-30 and falls back on 2025-10-26.
    const spring = computeWindow(
      { daysBack: 2, timeZone: 'Europe/Berlin' },
      new Date('2025-03-31T00:30:00+02:00')
    )
    expect(spring).toMatchObject({ from: '2025-03-29', to: '2025-03-31', days: 3 })
    const autumn = computeWindow(
      { daysBack: 1, timeZone: 'Europe/Berlin' },
      new Date('2025-10-26T23:59:59+01:00')
    )
    expect(autumn).toMatchObject({ from: '2025-10-25', to: '2025-10-26', days: 2 })
    expect(zonedParts(new Date('2025-10-26T01:30:00Z'), 'Europe/Berlin')).toEqual({
      date: '2025-10-26',
      time: '023000'
    })
  })

  it('crosses month, leap-day and year ends', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29')
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29')
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28')
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01')
    expect(
      computeWindow({ daysBack: 3, timeZone: 'UTC' }, new Date('2025-01-02T00:00:00Z'))
    ).toMatchObject({
      from: '2024-12-30',
      to: '2025-01-02'
    })
  })

  it('lets from/to override either end of the rolling window', () => {
    const now = new Date('2025-03-31T12:00:00Z')
    expect(computeWindow({ daysBack: 90, from: '2025-03-01', timeZone: 'UTC' }, now)).toMatchObject(
      { from: '2025-03-01', to: '2025-03-31' }
    )
    expect(computeWindow({ daysBack: 7, to: '2025-03-10', timeZone: 'UTC' }, now)).toMatchObject({
      from: '2025-03-24',
      to: '2025-03-10',
      days: 0
    })
    expect(
      computeWindow({ daysBack: 7, from: '2024-01-01', to: '2024-01-31', timeZone: 'UTC' }, now)
    ).toMatchObject({ days: 31 })
  })

  it('splits a window into contiguous whole-day ranges, newest first', () => {
    const ranges = splitWindow('2025-01-01', '2025-01-10', 3)
    expect(ranges).toEqual([
      { from: '2025-01-08', to: '2025-01-10' },
      { from: '2025-01-05', to: '2025-01-07' },
      { from: '2025-01-01', to: '2025-01-04' }
    ])
    const days = ranges.flatMap((range) => eachDate(range.from, range.to)).sort()
    expect(days).toEqual(eachDate('2025-01-01', '2025-01-10'))
    expect(splitWindow('2025-01-01', '2025-01-02', 8)).toHaveLength(2)
  })

  it('validates dates and zones', () => {
    expect(isIsoDate('2024-02-29')).toBe(true)
    expect(isIsoDate('2025-02-29')).toBe(false)
    expect(isIsoDate('2025-1-01')).toBe(false)
    expect(isTimeZone('Europe/Berlin')).toBe(true)
    expect(isTimeZone('UTC')).toBe(true)
    expect(isTimeZone('Mars/Olympus')).toBe(false)
    expect(isTimeZone('')).toBe(false)
  })
})
