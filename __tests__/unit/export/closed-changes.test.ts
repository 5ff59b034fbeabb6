import { closedChange, invoiceNumber, wasClosed } from '../../../src/export/closed-changes.js'
import type { TimeEntry } from '../../../src/harvest/types.js'

const invoiced: TimeEntry = {
  id: 7,
  spent_date: '2025-01-02',
  created_at: '2025-01-02T09:00:00Z',
  hours: 4,
  billable: true,
  notes: 'Design review',
  is_locked: true,
  is_closed: false,
  is_billed: true,
  is_running: false,
  user: { id: 1, name: 'Ada' },
  project: { id: 10, name: 'Website', code: 'WEB' },
  task: { id: 20, name: 'Design' },
  client: { id: 30, name: 'Acme', currency: 'EUR' },
  invoice: { id: 40, number: '1001' }
}
const open: TimeEntry = {
  ...invoiced,
  is_locked: false,
  is_billed: false,
  is_closed: false,
  invoice: null
}

describe('closed-time changes', () => {
  it('knows closed entries: locked, approved, billed or invoiced', () => {
    expect(wasClosed(invoiced)).toBe(true)
    expect(wasClosed(open)).toBe(false)
    expect(wasClosed({ ...open, is_closed: true })).toBe(true)
    expect(wasClosed({ ...open, invoice: { id: 1, number: '9' } })).toBe(true)
  })

  it('names each watched field that changed, with both values', () => {
    const after = { ...invoiced, hours: 3.5, task: { id: 21, name: 'Build' } }
    expect(closedChange(invoiced, after)?.change).toBe('hours 4 -> 3.5; task 20 -> 21')
    expect(closedChange(invoiced, { ...invoiced, billable: false })?.change).toBe(
      'billable true -> false'
    )
  })

  it('reports a delete and a move to another day', () => {
    expect(closedChange(invoiced, null)).toMatchObject({ id: 7, change: 'deleted', after: null })
    const moved = closedChange(invoiced, { ...invoiced, spent_date: '2025-01-09' })
    expect(moved).toMatchObject({
      spent_date: '2025-01-02',
      change: 'moved 2025-01-02 -> 2025-01-09'
    })
  })

  it('ignores open entries, renames, other fields and running timers', () => {
    expect(closedChange(open, { ...open, hours: 1 })).toBeUndefined()
    const renamed = { ...invoiced, project: { id: 10, name: 'Site', code: 'S' } }
    expect(closedChange(invoiced, renamed)).toBeUndefined()
    expect(closedChange(invoiced, { ...invoiced, notes: 'changed' })).toBeUndefined()
    expect(closedChange(invoiced, { ...invoiced, hours: 5, is_running: true })).toBeUndefined()
  })

  it('finds the invoice number of an invoiced entry', () => {
    expect(invoiceNumber(invoiced)).toBe('1001')
    expect(invoiceNumber(open)).toBeUndefined()
  })
})
