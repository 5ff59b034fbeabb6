import { timeEntryTableKey } from '../../../src/tables/table-keys.js'
import { TIME_ENTRY_COLUMNS } from '../../../src/tables/time-entry-table.js'
import { ATHENA_TYPE, readCreateTables } from '../../support/athena-ddl.js'

const DDL = 'deploy/athena/parquet-time-entries.sql'

describe(`the Athena table of ${DDL}`, () => {
  const table = readCreateTables(DDL).get('harvest_tables.time_entries')

  it('declares every column the time entries table writes, in its order and type', () => {
    expect(table?.columns).toEqual(
      TIME_ENTRY_COLUMNS.map((column) => ({ name: column.name, type: ATHENA_TYPE[column.type] }))
    )
    expect(table?.storedAs).toBe('PARQUET')
  })

  it('projects spent_month onto the keys the export writes, so no crawler or repair is needed', () => {
    expect(table?.partitionedBy).toEqual([{ name: 'spent_month', type: 'string' }])
    const properties = table?.properties ?? {}
    expect(properties).toMatchObject({
      'projection.enabled': 'true',
      'projection.spent_month.type': 'date',
      'projection.spent_month.format': 'yyyy-MM',
      'projection.spent_month.interval': '1',
      'projection.spent_month.interval.unit': 'MONTHS'
    })
    // The range ends after today, so this month (and time logged ahead) is always projected.
    expect(properties['projection.spent_month.range']).toMatch(/^\d{4}-\d{2},NOW(\+\d+\w+)?$/)

    // Filled in for one month, the template is the folder of that month's table.
    const template = properties['storage.location.template']
    const key = timeEntryTableKey('harvest/', '2025-03')
    expect(template.replace('${spent_month}', '2025-03')).toBe(
      `s3://BUCKET/${key.slice(0, key.lastIndexOf('/') + 1)}`
    )
    expect(table?.location).toBe(`s3://BUCKET/${key.slice(0, key.indexOf('spent_month='))}`)
  })
})
