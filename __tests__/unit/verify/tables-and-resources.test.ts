import type { TimeEntry } from '../../../src/harvest/types.js'
import { serializeResource } from '../../../src/resources/records.js'
import { encodeTimeEntryTable } from '../../support/time-entry-table.js'
import { checkResource } from '../../../src/verify/resource-check.js'
import { checkMonthTable } from '../../../src/verify/table-check.js'

const entry = (id: number): TimeEntry => ({
  id,
  spent_date: '2025-01-02',
  created_at: '2025-01-02T09:00:00Z',
  hours: 1
})
const stored = (body: Buffer) => ({ body, etag: '"e"', size: body.length })
const key = 'p/tables/time_entries/spent_month=2025-01/time_entries.parquet'
const details = (findings: Array<{ problem: { detail: string } }>) =>
  findings.map((finding) => finding.problem.detail)

describe('a month table against its day files', () => {
  const table = stored(encodeTimeEntryTable([entry(1), entry(2)]))

  it('finds nothing wrong when rows and ids are the day files’', async () => {
    expect(await checkMonthTable('2025-01', key, table, [2, 1])).toEqual([])
  })

  it('reports a row count or an id the day files do not have, and bytes that are no table', async () => {
    expect(details(await checkMonthTable('2025-01', key, table, [1, 2, 3]))).toEqual([
      'table has 2 rows, the day files of 2025-01 3'
    ])
    expect(details(await checkMonthTable('2025-01', key, table, [1, 3]))).toEqual([
      'table holds id 2, no day file of 2025-01 does'
    ])
    const findings = await checkMonthTable('2025-01', key, stored(Buffer.from('PAR1')), [])
    expect(findings).toEqual([
      {
        problem: { kind: 'table', key, detail: 'not a readable Parquet table with an id column' },
        months: ['2025-01']
      }
    ])
  })
})

describe('a resource object', () => {
  const records = (ids: number[]) => ids.map((id) => ({ id, name: `p${id}` }))
  const body = (ids: number[]) => serializeResource({ kind: 'list', records: records(ids) }, 'json')

  it('passes as the exporter writes it, and the company object whole', () => {
    expect(checkResource('projects', 'p/projects.json', stored(body([1, 2, 3])))).toEqual([])
    const company = serializeResource({ kind: 'single', object: { name: 'Acme' } }, 'json')
    expect(checkResource('company', 'p/company.json', stored(company))).toEqual([])
  })

  it('reports bytes that do not parse, an unsorted list and a duplicate id', () => {
    expect(details(checkResource('projects', 'k', stored(Buffer.from('[{'))))).toEqual([
      'not valid JSON'
    ])
    expect(details(checkResource('projects', 'k', stored(body([2, 1]))))).toEqual([
      'not sorted by id'
    ])
    expect(details(checkResource('projects', 'k', stored(body([1, 1]))))).toEqual([
      'duplicate id 1'
    ])
  })
})
