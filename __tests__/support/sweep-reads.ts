import type { RecordKind } from '../../src/state/embedded.js'
import type { SweepReads } from '../../src/late-edits/sweep.js'
import type { TimeEntry } from '../../src/harvest/types.js'
import { Harness, WINDOW } from './harness.js'

export const CLIENT = { id: 5, name: 'ABC Corp', currency: 'USD' }
export const OTHER = { id: 6, name: 'Other', currency: 'EUR' }

export function entry(
  id: number,
  spent_date: string,
  updated_at = '2024-01-01T00:00:00Z',
  client = CLIENT
): TimeEntry {
  return { id, spent_date, created_at: '2024-01-01T00:00:00Z', updated_at, client }
}

/** Harvest as the sweep sees it, in memory: counts every request it answers. */
export class FakeReads implements SweepReads {
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
  // eslint-disable-next-line @typescript-eslint/require-await -- answers like Harvest, asynchronously
  async countEntries(from: string, to: string) {
    this.requests.push(`count ${from}..${to}`)
    return this.within(from, to).length
  }
  // eslint-disable-next-line @typescript-eslint/require-await -- answers like Harvest, asynchronously
  async updatedEntries(since: string) {
    this.requests.push(`updated ${since}`)
    return this.entries.filter((e) => String(e.updated_at) >= since)
  }
  // eslint-disable-next-line @typescript-eslint/require-await -- answers like Harvest, asynchronously
  async updatedRecords(kind: RecordKind, since: string) {
    this.requests.push(`${kind} ${since}`)
    return this.records[kind].filter((r) => String(r.updated_at) >= since)
  }
  // eslint-disable-next-line @typescript-eslint/require-await -- answers like Harvest, asynchronously
  async entryDates(from: string, to: string, filter: Record<string, string>) {
    this.requests.push(`dates ${JSON.stringify(filter)}`)
    return this.within(from, to)
      .filter((e) => String((e.client as { id: number }).id) === filter.client_id)
      .map((e) => e.spent_date)
  }
  // eslint-disable-next-line @typescript-eslint/require-await -- answers like Harvest, asynchronously
  async readRange(from: string, to: string) {
    this.requests.push(`read ${from}..${to}`)
    if (this.failMonth && from.startsWith(this.failMonth)) throw new Error('Harvest answered 500')
    return { from, to, entries: this.within(from, to) }
  }
}

/**
 * Whether a Harvest request is the sweep's: the window only asks for time entries by
 * `from`/`to` inside it, with full pages.
 */
export function isSweepRequest(url: string, windowFrom: string): boolean {
  const parsed = new URL(url, 'http://x')
  return (
    !parsed.pathname.endsWith('/time_entries') ||
    parsed.searchParams.has('updated_since') ||
    parsed.searchParams.get('per_page') === '1' ||
    (parsed.searchParams.get('from') ?? '9') < windowFrom
  )
}

/** The Harvest requests (URLs) a run made for its sweep. */
export function sweepRequestUrls(
  log: ReadonlyArray<{ url: string }>,
  windowFrom: string
): string[] {
  return log.map((request) => request.url).filter((url) => isSweepRequest(url, windowFrom))
}

/** A harness whose Harvest data runs from `from` to the test window's end, on `clock`. */
export async function archiveHarness(options: {
  entries: number
  from: string
  seed: number
  clock: () => number
}): Promise<Harness> {
  const h = await new Harness().start({
    entries: options.entries,
    from: options.from,
    to: WINDOW.to,
    seed: options.seed,
    now: options.clock
  })
  h.harvest.setClock(options.clock())
  return h
}
