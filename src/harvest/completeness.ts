import { HarvestError } from '../errors.js'
import { DayDigests } from './source-digest.js'
import type { DaysRead, TimeEntriesPage, TimeEntry, TimeEntryPages } from './types.js'

/** Re-walks of a range whose count did not add up (entries edited during the walk). */
const RANGE_ATTEMPTS = 3

/**
 * Why `entry` cannot belong to a complete read of `from..to` (no numeric id or spent_date,
 * an id already in `ids`, a date outside the range), or undefined after adding its id.
 */
export function entryProblem(
  entry: TimeEntry | null | undefined,
  from: string,
  to: string,
  ids: Set<number>
): string | undefined {
  if (!entry || !Number.isSafeInteger(entry.id) || typeof entry.spent_date !== 'string') {
    return 'Harvest returned an entry without a numeric id and a spent_date'
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
 * Every entry with a spent date in `from..to`, only once it is provably complete: every
 * page followed, ids unique and in range, the count equal to a total that did not move.
 * A walk that does not add up is repeated. `first` (an already fetched first page) saves a
 * request; it is only used for the first walk.
 */
export async function readRange(
  pages: TimeEntryPages,
  from: string,
  to: string,
  signal?: AbortSignal,
  first?: TimeEntriesPage
): Promise<DaysRead> {
  let lastProblem = ''
  for (let walk = 1; walk <= RANGE_ATTEMPTS; walk++) {
    const firstPage = walk === 1 && first ? first : await pages.firstPage(from, to, signal)
    const { entries, problem, digestOf } = await walkOnce(pages, from, to, firstPage, signal)
    if (!problem) return { from, to, entries, digestOf }
    lastProblem = problem
  }
  throw incompleteRead(from, to, lastProblem)
}

async function walkOnce(
  pages: TimeEntryPages,
  from: string,
  to: string,
  firstPage: TimeEntriesPage,
  signal?: AbortSignal
): Promise<{ entries: TimeEntry[]; problem?: string; digestOf?: DaysRead['digestOf'] }> {
  const expected = firstPage.total_entries
  const entries: TimeEntry[] = []
  const ids = new Set<number>()
  const digests = new DayDigests()
  let page: TimeEntriesPage = firstPage
  for (;;) {
    for (const entry of page.time_entries) {
      const problem = entryProblem(entry, from, to, ids)
      if (problem) return { entries, problem }
      entries.push(entry)
    }
    digests.add(page)
    if (typeof page.total_entries === 'number' && page.total_entries !== expected) {
      return {
        entries,
        problem: `the total changed from ${expected} to ${page.total_entries} during the read`
      }
    }
    const next = page.links?.next
    if (!next) break
    page = await pages.nextPage(next, signal)
  }
  if (typeof expected !== 'number')
    return { entries, problem: 'Harvest did not report total_entries' }
  if (entries.length !== expected) {
    return {
      entries,
      problem: `Harvest reported ${expected} entries but returned ${entries.length}`
    }
  }
  return { entries, digestOf: digests.finish() }
}
