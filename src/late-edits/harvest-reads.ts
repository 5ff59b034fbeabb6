/**
 * The sweep's Harvest reads over HTTP: count probes, `updated_since` walks of time entries
 * and of the records whose names entries embed, and the `client_id`/`project_id`/... walks
 * that locate a renamed record's entries. Every request goes through the run's one client
 * (its rate limiter, retries, error advice and request count).
 */
import { HarvestError } from '../errors.js'
import { maxPages } from '../harvest/bounds.js'
import { setting, words } from '../wording.js'
import { PAGE_SIZE } from '../harvest/client.js'
import type { TimeEntry } from '../harvest/types.js'
import { RESOURCE_CATALOG, resourceUrl } from '../resources/catalog.js'
import type { RecordKind } from '../state/embedded.js'
import type { SweepReads } from './sweep.js'

/** What the reads need from the Harvest client. */
interface HarvestDocuments {
  /** GET a URL on Harvest's origin; the parsed JSON object. */
  getDocument(url: string, signal?: AbortSignal): Promise<Record<string, unknown>>
}

type RangeReader = (
  from: string,
  to: string,
  signal?: AbortSignal
) => Promise<{ from: string; to: string; entries: TimeEntry[] }>

/** Re-walks of a list whose count did not add up (records edited during the walk). */
const WALK_ATTEMPTS = 3

export class HttpSweepReads implements SweepReads {
  constructor(
    private readonly harvest: HarvestDocuments,
    /** harvest-url: the time entries endpoint. */
    private readonly url: string,
    private readonly readWhole: RangeReader
  ) {}

  async countEntries(from: string, to: string, signal?: AbortSignal): Promise<number> {
    const url = this.entriesUrl({ from, to, per_page: '1' })
    const page = await this.harvest.getDocument(url.toString(), signal)
    const total = page.total_entries
    if (!Number.isSafeInteger(total)) {
      throw new HarvestError(
        `Harvest did not report total_entries when counting the time entries of ${from}..${to}.`
      )
    }
    return total as number
  }

  async updatedEntries(since: string, signal?: AbortSignal): Promise<TimeEntry[]> {
    const url = this.entriesUrl({ updated_since: since, per_page: String(PAGE_SIZE) })
    const entries = await this.walk(
      url,
      'time_entries',
      `time entries updated since ${since}`,
      signal
    )
    return entries as TimeEntry[]
  }

  async updatedRecords(
    kind: RecordKind,
    since: string,
    signal?: AbortSignal
  ): Promise<Array<Record<string, unknown>>> {
    // The endpoint exactly as `resources` derives it (per_page included).
    const url = new URL(resourceUrl(this.url, RESOURCE_CATALOG[kind]))
    url.searchParams.set('updated_since', since)
    try {
      return await this.walk(url, kind, `${kind} updated since ${since}`, signal)
    } catch (error) {
      if (!(error instanceof HarvestError)) throw error
      // Listing clients or users takes more rights than reading time entries.
      throw new HarvestError(
        words`Late edits read Harvest's ${kind} to catch renames, and that failed: ${error.wording} Reading ${kind} needs an administrator's (or a manager's) token; to skip the sweep, set ${setting('lateEdits', 'ignore')}.`,
        { status: error.status }
      )
    }
  }

  async entryDates(
    from: string,
    to: string,
    filter: Record<string, string>,
    signal?: AbortSignal
  ): Promise<string[]> {
    const url = this.entriesUrl({ ...filter, from, to, per_page: String(PAGE_SIZE) })
    const filterText = Object.entries(filter)
      .map(([name, value]) => `${name}=${value}`)
      .join('&')
    const entries = await this.walk(
      url,
      'time_entries',
      `time entries of ${from}..${to} with ${filterText}`,
      signal
    )
    return entries.map((entry) => String(entry.spent_date))
  }

  readRange(from: string, to: string, signal?: AbortSignal) {
    return this.readWhole(from, to, signal)
  }

  private entriesUrl(params: Record<string, string>): URL {
    const url = new URL(this.url)
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value)
    return url
  }

  /**
   * Every item of a paginated list: `links.next` followed to the end, the count equal to
   * the first page's `total_entries`, ids unique. A list edited during the walk is walked
   * again; one that still does not add up fails the sweep (nothing is guessed).
   */
  private async walk(
    start: URL,
    field: string,
    what: string,
    signal?: AbortSignal
  ): Promise<Array<Record<string, unknown>>> {
    let problem = ''
    for (let attempt = 1; attempt <= WALK_ATTEMPTS; attempt++) {
      const items: Array<Record<string, unknown>> = []
      const ids = new Set<unknown>()
      let page = await this.harvest.getDocument(start.toString(), signal)
      const expected = page.total_entries
      // Without a total nothing bounds the walk (no endless links.next: harvest/bounds.ts).
      if (typeof expected !== 'number') {
        problem = 'no total_entries'
        continue
      }
      const pageLimit = maxPages(expected, page.per_page)
      let pages = 1
      problem = ''
      for (;;) {
        const list = page[field]
        if (!Array.isArray(list)) {
          throw new HarvestError(
            `Harvest's answer for ${what} holds no "${field}" list. Check harvest-url.`
          )
        }
        for (const item of list as Array<Record<string, unknown>>) {
          if (typeof item !== 'object' || item === null || !Number.isSafeInteger(item.id)) {
            problem = 'an item without a numeric id'
          } else if (ids.has(item.id)) {
            problem = `${String(item.id)} was returned twice`
          } else {
            ids.add(item.id)
            items.push(item)
          }
        }
        const next = (page.links as { next?: unknown } | undefined)?.next
        if (problem || typeof next !== 'string' || next === '') break
        if (pages++ >= pageLimit) {
          throw new HarvestError(
            `Harvest's ${what} could not be read completely: its pages kept linking onward past ${pageLimit} pages, more than ${expected} items can fill.`
          )
        }
        page = await this.harvest.getDocument(new URL(next, start).toString(), signal)
      }
      if (!problem && items.length !== expected) {
        problem = `Harvest reported ${String(expected)} but returned ${items.length}`
      }
      if (!problem) return items
    }
    throw new HarvestError(`Harvest's ${what} could not be read completely: ${problem}.`)
  }
}
