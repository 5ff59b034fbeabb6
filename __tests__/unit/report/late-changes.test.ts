import type { DayReport } from '../../../src/report/summary.js'
import {
  lateChangesJson,
  lateChangesMarkdown,
  lateChangesText
} from '../../../src/report/late-changes.js'

const day = (date: string, overrides: Partial<DayReport> = {}): DayReport => ({
  date,
  status: 'written',
  entries: 3,
  hours: 4.333,
  added: 1,
  updated: 1,
  deleted: 0,
  movedOut: 0,
  ...overrides
})

describe('Late changes report', () => {
  it('says nothing when the sweep wrote no day', () => {
    expect(lateChangesMarkdown(undefined)).toEqual([])
    expect(lateChangesMarkdown({ months: ['2024-05'], days: [] })).toEqual([])
    expect(lateChangesText({ months: [], days: [] })).toEqual([])
    expect(lateChangesJson(undefined)).toEqual({})
  })

  it('lists each rewritten day with its changes, marking emptied days', () => {
    const late = {
      months: ['2024-05', '2024-06'],
      days: [
        day('2024-05-07'),
        day('2024-06-15', {
          entries: 0,
          hours: 0,
          added: 0,
          updated: 0,
          deleted: 2,
          status: 'emptied'
        })
      ]
    }
    const markdown = lateChangesMarkdown(late).join('\n')
    expect(markdown).toContain('### Late changes (2 days before the window)')
    expect(markdown).toContain('Months read whole: 2024-05, 2024-06.')
    expect(markdown).toContain('| 2024-05-07 | 3 | 4.33 | 1 | 1 | 0 | 0 |')
    expect(markdown).toContain('| 2024-06-15 (emptied) | 0 | 0 | 0 | 0 | 2 | 0 |')
    const text = lateChangesText(late)
    expect(text[0]).toBe(
      'late changes: 2 days before the window rewritten (months read: 2024-05, 2024-06)'
    )
    expect(text[2]).toMatch(/2024-06-15 .* -2 {2}emptied$/)
    expect(lateChangesJson(late)).toMatchObject({
      'late-months-read': ['2024-05', '2024-06'],
      'late-changed-days': [
        { date: '2024-05-07', hours: 4.33 },
        { date: '2024-06-15', emptied: true }
      ]
    })
  })

  it('keeps the terminal summary short', () => {
    const days = Array.from({ length: 45 }, (_, index) =>
      day(`2024-03-${String((index % 28) + 1).padStart(2, '0')}`)
    )
    const text = lateChangesText({ months: ['2024-03'], days })
    expect(text).toHaveLength(1 + 40 + 1)
    expect(text.at(-1)).toBe('  ... and 5 more late days')
  })
})
