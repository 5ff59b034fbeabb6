/**
 * The sweep's Harvest reads over HTTP, every request through the run's one client (its rate
 * limiter, retries, error advice and request count).
 */
import { HarvestError } from '../errors.js'
import { DEFAULT_TUNING } from '../export/types.js'
import { setting, words } from '../wording.js'
import { PAGE_SIZE, entriesUrl, type HarvestClient } from '../harvest/client.js'
import type { TimeEntry } from '../harvest/types.js'
import { RESOURCE_CATALOG, resourceUrl } from '../resources/catalog.js'
import { listPage, walkList } from '../resources/completeness.js'
import type { RecordKind } from '../state/embedded.js'
import type { SweepReads } from './sweep.js'

/** What the wiring layer gives the engine for late edits; without it no state is kept. */
export interface LateEditsWiring {
  reads: SweepReads
  /** Harvest's `Date` header of the run's first answer. */
  startedAt(): string | undefined
  accountId: string
  concurrency: number
}

export function lateEditsWiring(
  harvest: HarvestClient,
  { url, accountId }: { url: string; accountId: string }
): LateEditsWiring {
  return {
    reads: new HttpSweepReads(harvest, url, harvest.fetchRange.bind(harvest)),
    startedAt: () => harvest.startedAt,
    accountId,
    concurrency: DEFAULT_TUNING.concurrency
  }
}

export class HttpSweepReads implements SweepReads {
  constructor(
    private readonly harvest: Pick<HarvestClient, 'getDocument'>,
    /** harvest-url: the time entries endpoint. */
    private readonly url: string,
    readonly readRange: SweepReads['readRange']
  ) {}

  async countEntries(from: string, to: string, signal?: AbortSignal): Promise<number> {
    const url = entriesUrl(this.url, { from, to, per_page: '1' })
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
    const url = entriesUrl(this.url, { updated_since: since, per_page: String(PAGE_SIZE) })
    const entries = await this.walk(url, `time entries updated since ${since}`, signal)
    return entries as TimeEntry[]
  }

  async updatedRecords(kind: RecordKind, since: string, signal?: AbortSignal) {
    // The endpoint exactly as `resources` derives it (per_page included).
    const url = new URL(resourceUrl(this.url, RESOURCE_CATALOG[kind]))
    url.searchParams.set('updated_since', since)
    try {
      return await this.walk(url, `${kind} updated since ${since}`, signal, kind)
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
    const url = entriesUrl(this.url, { ...filter, from, to, per_page: String(PAGE_SIZE) })
    const filterText = Object.entries(filter)
      .map(([name, value]) => `${name}=${value}`)
      .join('&')
    const entries = await this.walk(
      url,
      `time entries of ${from}..${to} with ${filterText}`,
      signal
    )
    return entries.map((entry) => String(entry.spent_date))
  }

  /**
   * Every item of a paginated list, checked complete as a resource's is (`walkList`); one
   * that still does not add up fails the sweep (nothing is guessed).
   */
  private walk(
    start: URL,
    what: string,
    signal?: AbortSignal,
    field = 'time_entries'
  ): Promise<Array<Record<string, unknown>>> {
    return walkList(start.toString(), {
      get: (url) => this.harvest.getDocument(url, signal),
      pageOf: (_url, body) => {
        const page = listPage({ arrayKey: field }, body)
        if (!page)
          throw new HarvestError(
            words`Harvest's answer for ${what} holds no "${field}" list. Check ${setting('harvestUrl')}.`
          )
        return page
      },
      nextUrl: (next) => new URL(next, start).toString(),
      incomplete: (problem) =>
        new HarvestError(`Harvest's ${what} could not be read completely: ${problem}.`)
    })
  }
}
