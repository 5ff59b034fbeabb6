import type { TimeEntry } from '../../../src/harvest/types.js'
import { RunTables } from '../../../src/tables/run-tables.js'
import { eachDate, lastDayOfMonth } from '../../../src/util/calendar.js'

/** What a run holds for its tables while it reads: a month at a time, never every row. */
describe('RunTables', () => {
  const entry = (id: number, date: string) =>
    ({ id, spent_date: date, hours: 1, created_at: `${date}T09:00:00Z` }) as unknown as TimeEntry

  function readMonth(tables: RunTables, month: string, written: (date: string) => boolean) {
    const days = eachDate(`${month}-01`, lastDayOfMonth(month))
    days.forEach((date, index) => tables.rows.note(date, [entry(index + 1, date)]))
    for (const date of days) tables.settled(date, written(date))
    return days
  }

  it('lets go of a month read whole whose table is right, without parsing a noted-later day', () => {
    const tables = new RunTables()
    tables.stale = () => false
    tables.watch('2024-11-01', '2024-11-30')
    let parsed = 0
    tables.rows.noteLater('2024-11-30', () => {
      parsed++
      return []
    })
    readMonth(tables, '2024-11', () => false)
    expect(tables.rows.dates()).toEqual([])
    expect(tables.takeEarly('2024-11')).toBeUndefined()
    expect(parsed).toBe(0)
  })

  it('encodes a month read whole as soon as its last day settles when one of its days was written', () => {
    const tables = new RunTables()
    tables.stale = () => false
    tables.watch('2024-11-01', '2024-11-30')
    readMonth(tables, '2024-11', (date) => date === '2024-11-12')
    expect(tables.rows.dates()).toEqual([])
    expect(tables.takeEarly('2024-11')?.subarray(0, 4).toString()).toBe('PAR1')
  })

  it('keeps a month read in part until the end, and a month read again is made anew', () => {
    const tables = new RunTables()
    tables.stale = () => false
    tables.watch('2024-11-05', '2024-11-30')
    readMonth(tables, '2024-11', () => true)
    expect(tables.rows.dates().length).toBe(30)
    tables.rows.clear()
    tables.watch('2024-12-01', '2024-12-31')
    readMonth(tables, '2024-12', () => true)
    // The sweep reads December again: the table made from its first read is dropped.
    tables.watch('2024-12-01', '2024-12-31')
    expect(tables.takeEarly('2024-12')).toBeUndefined()
    readMonth(tables, '2024-12', () => true)
    expect(tables.takeEarly('2024-12')?.subarray(0, 4).toString()).toBe('PAR1')
  })
})
