import type { TimeEntriesPage, TimeEntry, TimeEntryPages } from '../../src/harvest/types.js'

/** One request as the scripted client saw it. */
export interface PageRequest {
  from: string
  to: string
  page: number
}

/**
 * Harvest's time-entry pages without HTTP: entries newest spent date first, `per_page`
 * pages linked by `links.next`, `total_entries` on every page. `entries` may be changed
 * between requests (an edit during a walk); `fail` throws for a request it matches.
 */
export class ScriptedHarvest implements TimeEntryPages {
  requests = 0
  readonly log: PageRequest[] = []
  fail?: (request: PageRequest) => Error | undefined

  constructor(
    public entries: TimeEntry[],
    private readonly perPage = 100
  ) {}

  // eslint-disable-next-line @typescript-eslint/require-await -- async turns a scripted failure into a rejection, as from HTTP
  async firstPage(from: string, to: string): Promise<TimeEntriesPage> {
    return this.page({ from, to, page: 1 })
  }

  // eslint-disable-next-line @typescript-eslint/require-await -- as firstPage; a bad link rejects too
  async nextPage(next: string): Promise<TimeEntriesPage> {
    const url = new URL(next)
    return this.page({
      from: url.searchParams.get('from')!,
      to: url.searchParams.get('to')!,
      page: Number(url.searchParams.get('page'))
    })
  }

  private page(request: PageRequest): TimeEntriesPage {
    this.requests++
    this.log.push(request)
    const failure = this.fail?.(request)
    if (failure) throw failure
    const matching = this.entries
      .filter((entry) => entry.spent_date >= request.from && entry.spent_date <= request.to)
      .sort((a, b) =>
        a.spent_date === b.spent_date ? b.id - a.id : a.spent_date < b.spent_date ? 1 : -1
      )
    const start = (request.page - 1) * this.perPage
    const more = start + this.perPage < matching.length
    const next = `https://harvest.invalid/v2/time_entries?from=${request.from}&to=${request.to}&page=${request.page + 1}`
    return {
      time_entries: matching.slice(start, start + this.perPage),
      total_entries: matching.length,
      links: { next: more ? next : null }
    }
  }
}

/** A plain entry for `date`; `id` orders entries of one day. */
export function entry(id: number, date: string, fields: Record<string, unknown> = {}): TimeEntry {
  return { id, spent_date: date, created_at: `${date}T09:00:00Z`, hours: 1, ...fields }
}
