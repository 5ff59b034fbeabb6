import { HarvestError } from '../errors.js'
import { isIsoDate } from '../util/calendar.js'
import { isRecordId, maxPages, quoted } from './bounds.js'
import { DaySummaries, NO_ENTRIES } from './day-summary.js'
import { DayDigests, EMPTY_DAY_DIGEST, PagesFingerprint } from './page-bytes.js'
import type {
  DaysRead,
  ReadMemo,
  RecordedDay,
  TimeEntriesPage,
  TimeEntry,
  TimeEntryPages
} from './types.js'

/** Re-walks of a range whose count did not add up (entries edited during the walk). */
const RANGE_ATTEMPTS = 3

/**
 * Why `entry` cannot belong to a complete read of `from..to`, or undefined after adding its id
 * to `ids`. Dates compare as text only once real: `2026-12-04/../../x` sorts inside a range.
 */
export function entryProblem(
  entry: TimeEntry | null | undefined,
  from: string,
  to: string,
  ids: Set<number>
): string | undefined {
  if (!entry || typeof entry !== 'object') return 'Harvest returned an entry that is not an object'
  if (!isRecordId(entry.id)) {
    return `Harvest returned an entry with id ${quoted(entry.id)}, not a positive integer`
  }
  const date: unknown = entry.spent_date
  if (typeof date !== 'string' || !isIsoDate(date)) {
    return `entry ${entry.id} has spent_date ${quoted(date)}, not a real date written YYYY-MM-DD`
  }
  if (ids.has(entry.id)) return `entry ${entry.id} was returned twice`
  if (!(entry.spent_date >= from && entry.spent_date <= to)) {
    return `entry ${entry.id} has spent_date ${entry.spent_date}, outside the range asked for`
  }
  ids.add(entry.id)
  return undefined
}

export function incompleteRead(from: string, to: string, problem: string): HarvestError {
  return new HarvestError(
    `Harvest's time entries for ${from}..${to} could not be read completely: ${problem}. ` +
      'Nothing was written for these days; the run can be retried.'
  )
}

/**
 * Every entry of `from..to` once provably complete (every page followed, ids unique and in
 * range, the count equal to a total that did not move), else walked again. `first` saves a
 * request; with a `memo`, pages byte for byte the last run's read are that read, unparsed.
 */
export async function readRange(
  pages: TimeEntryPages,
  from: string,
  to: string,
  signal?: AbortSignal,
  first?: TimeEntriesPage,
  memo?: ReadMemo
): Promise<DaysRead> {
  let lastProblem = ''
  for (let walk = 1; walk <= RANGE_ATTEMPTS; walk++) {
    const firstPage = walk === 1 && first ? first : await pages.firstPage(from, to, signal)
    const walked = await walkOnce(pages, from, to, firstPage, signal, memo)
    if (typeof walked !== 'string') return walked
    lastProblem = walked
  }
  throw incompleteRead(from, to, lastProblem)
}

/** A complete read, or the problem that kept the walk from being one. */
async function walkOnce(
  pages: TimeEntryPages,
  from: string,
  to: string,
  firstPage: TimeEntriesPage,
  signal: AbortSignal | undefined,
  memo: ReadMemo | undefined
): Promise<DaysRead | string> {
  const expected = firstPage.total_entries
  // Only a record that still adds up to Harvest's total can match. While the pages may be the
  // recalled ones they are held unparsed; otherwise each is checked as it arrives (its parse
  // overlaps the next request).
  const record = memo?.recall(from, to)
  const count = record && [...record.days.values()].reduce((sum, day) => sum + day.count, 0)
  const recalled = count === expected ? record : undefined
  const fingerprint = memo && new PagesFingerprint()
  const held: TimeEntriesPage[] = []
  const tally = new Tally(from, to)
  // Known before following a single link, so an endless chain of pages ends (see bounds.ts).
  if (typeof expected !== 'number') return 'Harvest did not report total_entries'
  const pageLimit = maxPages(expected, firstPage.per_page)
  let pagesRead = 1
  let page: TimeEntriesPage = firstPage
  for (;;) {
    fingerprint?.add(page)
    if (recalled) held.push(page)
    else {
      const problem = tally.add(page)
      if (problem) return problem
    }
    if (typeof page.total_entries === 'number' && page.total_entries !== expected) {
      return `the total changed from ${expected} to ${page.total_entries} during the read`
    }
    const next = page.links?.next
    if (!next) break
    // Not walked again: the same links would lead on just as far.
    if (pagesRead >= pageLimit)
      throw incompleteRead(from, to, tooManyPages(pageLimit, expected, firstPage.per_page))
    page = await pages.nextPage(next, signal)
    pagesRead++
  }
  const digest = fingerprint?.finish()
  if (recalled && digest === recalled.pages) {
    memo!.remember(from, to, recalled)
    // The last run's read, byte for byte: its entries are parsed (and checked again) only
    // if something asks for them.
    let entries: TimeEntry[] | undefined
    return {
      from,
      to,
      sameAsLastRun: true,
      get entries(): TimeEntry[] {
        if (entries) return entries
        const again = new Tally(from, to)
        const problem = again.add(...held)
        if (problem) throw incompleteRead(from, to, problem)
        return (entries = again.entries)
      },
      digestOf: (date) => recalled.days.get(date)?.digest ?? EMPTY_DAY_DIGEST,
      summaryOf: (date) => recalled.days.get(date) ?? NO_ENTRIES
    }
  }
  const problem = tally.add(...held)
  if (problem) return problem
  const read = tally.finish(expected)
  if (typeof read === 'string') return read
  if (digest !== undefined && read.digestOf) {
    const days = new Map<string, RecordedDay>()
    for (const date of tally.summaries.dates())
      days.set(date, { ...tally.summaries.of(date), digest: read.digestOf(date) })
    memo!.remember(from, to, { pages: digest, days })
  }
  return read
}

function tooManyPages(limit: number, total: number, perPage: unknown): string {
  return (
    `Harvest's pages kept linking onward past ${limit} pages, more than ${total} entries ` +
    `at ${typeof perPage === 'number' ? perPage : 'an unknown number'} per page can fill`
  )
}

/** Entries checked one page at a time, with each day's summary and digest. */
class Tally {
  readonly entries: TimeEntry[] = []
  private readonly ids = new Set<number>()
  private readonly digests = new DayDigests()
  readonly summaries = new DaySummaries()

  constructor(
    private readonly from: string,
    private readonly to: string
  ) {}

  add(...pages: TimeEntriesPage[]): string | undefined {
    for (const page of pages) {
      let entries: TimeEntry[]
      try {
        entries = page.time_entries
      } catch (error) {
        // A deferred page whose entries do not parse: the walk is read again.
        if (error instanceof HarvestError) return error.message
        throw error
      }
      for (const entry of entries) {
        const problem = entryProblem(entry, this.from, this.to, this.ids)
        if (problem) return problem
        this.entries.push(entry)
        this.summaries.add(entry)
      }
      this.digests.add(page)
    }
    return undefined
  }

  finish(expected: number): DaysRead | string {
    if (this.entries.length !== expected) {
      return `Harvest reported ${expected} entries but returned ${this.entries.length}`
    }
    const { from, to, entries, summaries } = this
    return { from, to, entries, digestOf: this.digests.finish(), summaryOf: summaries.of }
  }
}
