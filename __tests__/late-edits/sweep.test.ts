import { collectEmbedded, emptyRecords, type RecordKind } from '../../src/late-edits/embedded.js'
import { sweepSpan } from '../../src/late-edits/plan.js'
import type { SyncState } from '../../src/late-edits/state.js'
import {
  refreshSpan,
  surveySpan,
  sweepFailureMessage,
  type SweepReads
} from '../../src/late-edits/sweep.js'
import type { TimeEntry } from '../../src/harvest/types.js'
import { compactDate } from '../../src/export/dates.js'

const CLIENT = { id: 5, name: 'ABC Corp', currency: 'USD' }
const OTHER = { id: 6, name: 'Other', currency: 'EUR' }

function entry(
  id: number,
  spent_date: string,
  updated_at = '2024-01-01T00:00:00Z',
  client = CLIENT
): TimeEntry {
  return { id, spent_date, created_at: '2024-01-01T00:00:00Z', updated_at, client }
}

/** Harvest as the sweep sees it, in memory: counts every request it answers. */
class FakeReads implements SweepReads {
  requests: string[] = []
  records: Record<RecordKind, Array<Record<string, unknown>>> = {
    clients: [],
    projects: [],
    tasks: [],
    users: []
  }
  failMonth?: string
  constructor(public entries: TimeEntry[]) {}
  private within(from: string, to: string) {
    return this.entries.filter((e) => e.spent_date >= from && e.spent_date <= to)
  }
  async countEntries(from: string, to: string) {
    this.requests.push(`count ${from}..${to}`)
    return this.within(from, to).length
  }
  async updatedEntries(since: string) {
    this.requests.push(`updated ${since}`)
    return this.entries.filter((e) => String(e.updated_at) >= since)
  }
  async updatedRecords(kind: RecordKind, since: string) {
    this.requests.push(`${kind} ${since}`)
    return this.records[kind].filter((r) => String(r.updated_at) >= since)
  }
  async entryDates(from: string, to: string, filter: Record<string, string>) {
    this.requests.push(`dates ${JSON.stringify(filter)}`)
    return this.within(from, to)
      .filter((e) => String((e.client as { id: number }).id) === filter.client_id)
      .map((e) => e.spent_date)
  }
  async readRange(from: string, to: string) {
    this.requests.push(`read ${from}..${to}`)
    if (this.failMonth && from.startsWith(this.failMonth)) throw new Error('Harvest answered 500')
    return { from, to, entries: this.within(from, to) }
  }
}

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
    async (range) => void months.push(range.from),
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
    expect(sweepFailureMessage(outcome, SPAN)).toMatch(
      /the months .*2023-09.* before the window were not refreshed/
    )
  })
})
