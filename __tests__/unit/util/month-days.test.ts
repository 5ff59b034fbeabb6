import { lastDayOfMonth } from '../../../src/util/calendar.js'
import { monthOfTableKey, timeEntryTableKey } from '../../../src/tables/table-keys.js'

describe('lastDayOfMonth', () => {
  it.each([
    ['2025-01', '2025-01-31'],
    ['2025-02', '2025-02-28'],
    ['2024-02', '2024-02-29'],
    ['2025-04', '2025-04-30'],
    ['2025-12', '2025-12-31']
  ])('ends %s on %s', (month, last) => {
    expect(lastDayOfMonth(month)).toBe(last)
  })
})

describe('monthOfTableKey', () => {
  it('reads the month back from the key of its time entries table', () => {
    expect(monthOfTableKey('harvest/', timeEntryTableKey('harvest/', '2025-03'))).toBe('2025-03')
    expect(monthOfTableKey('', timeEntryTableKey('', '2024-12'))).toBe('2024-12')
  })

  it('names no month for other keys under the tables or another prefix', () => {
    expect(monthOfTableKey('harvest/', 'harvest/tables/clients/clients.parquet')).toBeUndefined()
    expect(
      monthOfTableKey(
        'harvest/',
        'harvest/tables/time_entries/spent_month=2025-3/time_entries.parquet'
      )
    ).toBeUndefined()
    expect(monthOfTableKey('other/', timeEntryTableKey('harvest/', '2025-03'))).toBeUndefined()
    expect(
      monthOfTableKey('harvest/', `${timeEntryTableKey('harvest/', '2025-03')}.tmp`)
    ).toBeUndefined()
  })
})
