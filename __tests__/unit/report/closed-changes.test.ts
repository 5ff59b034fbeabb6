import type { ClosedChange } from '../../../src/export/closed-changes.js'
import {
  MAX_CLOSED_ROWS,
  closedChangesMarkdown,
  closedChangesText
} from '../../../src/report/closed-changes.js'

const change = (id: number): ClosedChange => ({
  id,
  spent_date: '2025-01-02',
  change: 'hours 4 -> 3.5',
  before: {
    id,
    spent_date: '2025-01-02',
    created_at: '2025-01-02T09:00:00Z',
    user: { id: 1, name: 'Ada | Lovelace' },
    project: { id: 10, name: 'Website' },
    invoice: { id: 40, number: '1001' }
  },
  after: null
})

describe('the "Changes to closed time" table', () => {
  it('shows day, entry, user, project, invoice number and what changed', () => {
    expect(closedChangesMarkdown([change(7)])).toEqual([
      '### Changes to closed time (1)',
      '',
      'Entries that were locked, approved or invoiced when stored, and have since changed or been deleted in Harvest.',
      '',
      '| Day | Entry | User | Project | Invoice | What changed |',
      '|---|---:|---|---|---|---|',
      '| 2025-01-02 | 7 | Ada \\| Lovelace | Website | 1001 | hours 4 -> 3.5 |',
      ''
    ])
    expect(closedChangesText([change(7)])).toEqual([
      'changes to closed time: 1 locked, approved or invoiced entry changed',
      '  2025-01-02  #7  Ada | Lovelace  Website  invoice 1001  hours 4 -> 3.5'
    ])
  })

  it('cuts a long list and says how many were left out', () => {
    const many = Array.from({ length: MAX_CLOSED_ROWS + 3 }, (_, index) => change(index + 1))
    const markdown = closedChangesMarkdown(many)
    expect(markdown.filter((line) => line.startsWith('| 2025-'))).toHaveLength(MAX_CLOSED_ROWS)
    expect(markdown.join('\n')).toContain(`### Changes to closed time (${MAX_CLOSED_ROWS + 3})`)
    expect(markdown.join('\n')).toContain('3 more changes are left out here')
    const text = closedChangesText(many)
    expect(text).toHaveLength(MAX_CLOSED_ROWS + 2)
    expect(text[text.length - 1]).toContain('3 more changes are left out here')
  })

  it('renders nothing when no closed entry changed', () => {
    expect(closedChangesMarkdown([])).toEqual([])
    expect(closedChangesText([])).toEqual([])
  })
})
