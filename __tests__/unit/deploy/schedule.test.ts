import { nextRun } from '../../../src/deploy/schedule.js'

describe('the next run of a schedule', () => {
  const now = new Date('2025-03-31T15:00:00Z') // a Monday

  it("finds the next daily time, tomorrow once today's has passed", () => {
    expect(nextRun('cron(0 2 * * ? *)', now)).toBe('2025-04-01 02:00 UTC')
    expect(nextRun('cron(30 18 * * ? *)', now)).toBe('2025-03-31 18:30 UTC')
  })

  it('knows weekdays (1 = Sunday), lists, ranges and steps', () => {
    expect(nextRun('cron(0 6 ? * MON-FRI *)', new Date('2025-04-04T07:00:00Z'))).toBe(
      '2025-04-07 06:00 UTC'
    )
    expect(nextRun('cron(0 6 ? * 1 *)', now)).toBe('2025-04-06 06:00 UTC')
    expect(nextRun('cron(0/15 * * * ? *)', now)).toBe('2025-03-31 15:15 UTC')
    expect(nextRun('cron(0 0 1 JAN,JUL ? *)', now)).toBe('2025-07-01 00:00 UTC')
  })

  it('says how a rate counts instead of inventing a time', () => {
    expect(nextRun('rate(6 hours)', now)).toBe(
      'every 6 hours, counted from when the rule was created'
    )
    expect(nextRun('rate(1 day)', now)).toBe('every 1 day, counted from when the rule was created')
  })
})
