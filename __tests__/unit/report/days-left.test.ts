import { summaryMarkdown } from '../../../src/report/markdown.js'
import { summaryOutputs } from '../../../src/report/outputs.js'
import { daysLeft, type DayReport, type ExportSummary } from '../../../src/report/summary.js'
import { summaryText } from '../../../src/report/text.js'

const day = (date: string, status: DayReport['status'], entries: number): DayReport => ({
  date,
  status,
  entries,
  hours: entries * 1.5,
  added: status === 'written' ? entries : 0,
  updated: 0,
  deleted: status === 'emptied' ? 2 : 0,
  movedOut: 0
})

/** A week: two days written (one emptied), two found unchanged, two without entries, one not refreshed. */
const DAYS = [
  day('2026-12-01', 'written', 4),
  day('2026-12-02', 'emptied', 0),
  day('2026-12-03', 'unchanged', 3),
  day('2026-12-04', 'unchanged', 5),
  day('2026-12-05', 'unchanged', 0),
  day('2026-12-06', 'unchanged', 0),
  day('2026-12-07', 'not-refreshed', 0)
]

const summary: ExportSummary = {
  location: 'out/',
  windowFrom: '2026-12-01',
  windowTo: '2026-12-07',
  dryRun: false,
  entries: 12,
  daysWritten: 2,
  daysUnchanged: 4,
  daysEmptied: 1,
  added: 4,
  updated: 0,
  deleted: 2,
  harvestRequests: 1,
  objectsWritten: ['out/20261201.json', 'out/20261202.json'],
  days: DAYS,
  resources: [],
  resourcesWritten: 0,
  lateDaysWritten: 0,
  closedChanges: []
}

describe("the summary's days left as they were", () => {
  it('counts days without entries apart from days whose file was already right', () => {
    expect(daysLeft(DAYS)).toEqual({ unchanged: 2, withoutEntries: 2 })
  })

  it('are shown apart in the terminal text and the job summary', () => {
    expect(summaryText(summary).split('\n')[1]).toBe(
      'entries 12; days written 2, unchanged 2, without entries 2, emptied 1; entries added 4, updated 0, deleted 2; Harvest requests 1'
    )
    const markdown = summaryMarkdown(summary)
    expect(markdown).toContain('| 12 | 2 | 4 | 1 | 4 | 0 | 2 | 1 |')
    expect(markdown).toContain(
      'Of the 4 days unchanged, 2 have no entries (nothing to store) and 2 had their file already right.'
    )
  })

  it('leave output days-unchanged as documented: both kinds together', () => {
    expect(summaryOutputs(summary)['days-unchanged']).toBe(4)
  })
})
