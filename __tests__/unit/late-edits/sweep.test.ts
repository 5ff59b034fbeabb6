import { collectEmbedded, emptyRecords } from '../../../src/state/embedded.js'
import { sweepSpan } from '../../../src/late-edits/plan.js'
import type { SyncState } from '../../../src/state/sync-state.js'
import { refreshSpan, surveySpan, sweepFailureWording } from '../../../src/late-edits/sweep.js'
import { render } from '../../../src/wording.js'
import type { TimeEntry } from '../../../src/harvest/types.js'
import { FakeReads, OTHER, entry } from '../../support/sweep-reads.js'
import { compactDate } from '../../../src/util/calendar.js'

function stateOf(entries: TimeEntry[]): SyncState {
  const days: Record<string, number> = {}
  for (const e of entries)
    days[compactDate(e.spent_date)] = (days[compactDate(e.spent_date)] ?? 0) + 1
  const records = emptyRecords()
  collectEmbedded(entries, records)
  return {
    version: 1,
    account_id: '1',
    archive_from: '2023-06-01',
    synced_at: '2025-03-01T00:00:00Z',
    days,
    records
  }
}

const ARCHIVE = [
  entry(1, '2023-06-10'),
  entry(2, '2023-09-01', undefined, OTHER),
  entry(3, '2024-02-05'),
  entry(4, '2024-02-06', undefined, OTHER),
  entry(5, '2024-07-20'),
  entry(6, '2024-12-29'),
  entry(7, '2025-01-02') // in the window
]
const SPAN = sweepSpan('2023-06-01', '2024-12-31')!
const OPTIONS = { concurrency: 2 }

async function sweep(reads: FakeReads, state: SyncState) {
  const survey = await surveySpan(reads, state, SPAN, OPTIONS)
  const months: string[] = []
  const outcome = await refreshSpan(
    reads,
    state,
    survey,
    (range) => Promise.resolve(void months.push(range.from)),
    OPTIONS
  )
  return { survey, outcome, months }
}

describe('sweep', () => {
  it('reads nothing whole on an unchanged archive, within 1 + years + 4 requests', async () => {
    const reads = new FakeReads([...ARCHIVE])
    const { outcome, months } = await sweep(reads, stateOf(ARCHIVE))
    expect(months).toEqual([])
    expect(outcome).toMatchObject({ refreshed: [], notRefreshed: [] })
    expect(reads.requests).toHaveLength(1 + 2 + 4)
  })

  it('reads the month of an edited entry, and only that one', async () => {
    const reads = new FakeReads(
      ARCHIVE.map((e) => (e.id === 5 ? { ...e, updated_at: '2025-03-05T00:00:00Z' } : e))
    )
    const { months } = await sweep(reads, stateOf(ARCHIVE))
    expect(months).toEqual(['2024-07-01'])
  })

  it('finds a delete by its year and month counts', async () => {
    const reads = new FakeReads(ARCHIVE.filter((e) => e.id !== 2))
    const { months } = await sweep(reads, stateOf(ARCHIVE))
    expect(months).toEqual(['2023-09-01'])
    expect(reads.requests.filter((r) => r.startsWith('count'))).toHaveLength(2 + 7)
  })

  it('finds both months of an entry moved across months', async () => {
    const moved = ARCHIVE.map((e) =>
      e.id === 3 ? { ...e, spent_date: '2024-07-01', updated_at: '2025-03-05T00:00:00Z' } : e
    )
    const reads = new FakeReads(moved)
    const { months } = await sweep(reads, stateOf(ARCHIVE))
    expect(months.sort()).toEqual(['2024-02-01', '2024-07-01'])
  })

  it('finds a delete offset by a backdated addition in the same month', async () => {
    const changed = [
      ...ARCHIVE.filter((e) => e.id !== 3),
      entry(8, '2024-02-20', '2025-03-05T00:00:00Z')
    ]
    const reads = new FakeReads(changed)
    const { months } = await sweep(reads, stateOf(ARCHIVE))
    expect(months).toEqual(['2024-02-01'])
  })

  it('reads every month holding entries of a renamed client', async () => {
    const reads = new FakeReads([...ARCHIVE])
    reads.records.clients = [{ ...OTHER, name: 'Other Ltd', updated_at: '2025-03-05T00:00:00Z' }]
    const { survey, months } = await sweep(reads, stateOf(ARCHIVE))
    expect(survey.renamed).toMatchObject([{ kind: 'clients', id: 6 }])
    expect(months.sort()).toEqual(['2023-09-01', '2024-02-01'])
  })

  it('names the months left unread after a failure', async () => {
    const reads = new FakeReads(
      ARCHIVE.map((e) => (e.id <= 3 ? { ...e, updated_at: '2025-03-05T00:00:00Z' } : e))
    )
    reads.failMonth = '2023-09'
    const state = stateOf(ARCHIVE)
    const { outcome } = await sweep(reads, state)
    expect(outcome.notRefreshed).toContain('2023-09')
    expect(outcome.failure).toBeInstanceOf(Error)
    expect(render(sweepFailureWording(outcome, SPAN))).toMatch(
      /the months .*2023-09.* before the window were not refreshed/
    )
  })
})
