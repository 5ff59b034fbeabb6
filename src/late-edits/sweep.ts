/**
 * The sweep: finds what changed before the window since the last run, in as few requests as an
 * unchanged archive allows, and hands each changed month, read whole, to the window's day path.
 */
import { wordingOf } from '../errors.js'
import { words, type Wording } from '../wording.js'
import type { DaysRead, TimeEntry } from '../harvest/types.js'
import { forEachConcurrent } from '../util/pool.js'
import {
  RECORD_KINDS,
  entryFilter,
  renamedRecords,
  type RecordKind,
  type RenamedRecord
} from '../state/embedded.js'
import {
  differingMonths,
  monthPeriods,
  monthsHolding,
  monthsToProbe,
  updatedSince,
  yearPeriods,
  yearsToSplit,
  type Period
} from './plan.js'
import type { SyncState } from '../state/sync-state.js'

type WholeRange = Pick<DaysRead, 'from' | 'to' | 'entries'>
type Json = Record<string, unknown>

/** The Harvest reads a sweep needs; `harvest-reads.ts` implements them over HTTP. */
export interface SweepReads {
  /** Harvest's `total_entries` for `from..to` (one request, `per_page=1`). */
  countEntries(from: string, to: string, signal?: AbortSignal): Promise<number>
  /** Every entry with `updated_at` at or after `since`, all dates (every page). */
  updatedEntries(since: string, signal?: AbortSignal): Promise<TimeEntry[]>
  /** Every record of `kind` updated at or after `since` (every page). */
  updatedRecords(kind: RecordKind, since: string, signal?: AbortSignal): Promise<Json[]>
  /** The spent dates of the entries of `from..to` matching `filter` (e.g. `client_id`). */
  entryDates(
    from: string,
    to: string,
    filter: Record<string, string>,
    signal?: AbortSignal
  ): Promise<string[]>
  /** Every entry of `from..to`, provably complete (as a window range is read). */
  readRange(from: string, to: string, signal?: AbortSignal): Promise<WholeRange>
}

/** What the sweep learned before reading any month: enough for the mass-delete guard. */
export interface Survey {
  span: Period
  years: Array<{ period: Period; harvest: number }>
  /** Months an updated entry falls in, or where a renamed record has entries. */
  dirty: Set<string>
  renamed: RenamedRecord[]
}

export interface SweepOutcome {
  /** Months read whole and handed to the day path, oldest first. */
  refreshed: Period[]
  /** Months (or the whole span, when the survey failed) whose days were not brought in line. */
  notRefreshed: string[]
  /** The first failure, if any: the run fails after the window's days are written. */
  failure?: unknown
}

interface SweepOptions {
  concurrency: number
  signal?: AbortSignal
}

/** Entries updated since the last sweep, renamed records and one count per year, all at once. */
export async function surveySpan(
  reads: SweepReads,
  state: SyncState,
  span: Period,
  options: SweepOptions
): Promise<Survey> {
  const since = updatedSince(state.synced_at)
  const years = yearPeriods(span)
  const reading = new Together(options.signal)
  const { signal } = reading
  const updatedRead = reading.track(reads.updatedEntries(since, signal))
  const yearReads = years.map((period) =>
    reading.track(reads.countEntries(period.from, period.to, signal).then(countOf(period)))
  )
  const recordReads = RECORD_KINDS.map((kind) =>
    reading.track(
      reads
        .updatedRecords(kind, since, signal)
        .then((records) => renamedRecords(kind, records, state.records))
    )
  )
  await reading.settled()
  const dirty = monthsHolding(
    (await updatedRead).map((entry) => entry.spent_date),
    span
  )
  const renamed = (await Promise.all(recordReads)).flat()
  // A renamed record's entries carry its old names in every month that holds one.
  await forEachConcurrent(renamed, options.concurrency, async (record) => {
    const dates = await reads.entryDates(
      span.from,
      span.to,
      { [entryFilter(record.kind)]: String(record.id) },
      options.signal
    )
    for (const month of monthsHolding(dates, span)) dirty.add(month)
  })
  return { span, years: await Promise.all(yearReads), dirty, renamed }
}

/** Harvest's count of `period`, as the guard and the probes compare it with the state's. */
function countOf(period: Period): (harvest: number) => { period: Period; harvest: number } {
  return (harvest) => ({ period, harvest })
}

/**
 * Reads the dirty months whole into `onMonth`; then probes the other months of each year whose
 * count still does not add up (a delete, a moved entry's old month) and reads those that differ.
 * After the first failure no read starts, and every month left unread is named.
 */
export async function refreshSpan(
  reads: SweepReads,
  state: SyncState,
  survey: Survey,
  onMonth: (range: WholeRange) => Promise<void>,
  options: SweepOptions
): Promise<SweepOutcome> {
  const months = monthPeriods(survey.span)
  const read = new Map<string, number>()
  const refreshed: Period[] = []
  const readMonths = async (periods: Period[]): Promise<void> => {
    await forEachConcurrent(periods, options.concurrency, async (month) => {
      const range = await reads.readRange(month.from, month.to, options.signal)
      await onMonth(range)
      read.set(month.label, range.entries.length)
      refreshed.push(month)
    })
  }
  let pending = months.filter((month) => survey.dirty.has(month.label))
  let unread: string[] = []
  let failure: unknown
  try {
    await readMonths(pending)
    const years = yearsToSplit(survey.years, state, read, months)
    pending = years.flatMap((year) => monthsToProbe(year, months, read))
    const probing = new Together(options.signal)
    const probes = pending.map((month) =>
      probing.track(reads.countEntries(month.from, month.to, probing.signal).then(countOf(month)))
    )
    await probing.settled()
    pending = differingMonths(await Promise.all(probes), state)
    await readMonths(pending)
  } catch (error) {
    failure = error
    unread = pending.filter((month) => !read.has(month.label)).map((month) => month.label)
  }
  refreshed.sort((a, b) => (a.from < b.from ? -1 : 1))
  return { refreshed, notRefreshed: unread.sort(), failure }
}

/**
 * Reads started side by side: the first failure stops the others (`signal`), and
 * `settled()` waits for every one before rethrowing it, so no request outlives the sweep.
 */
class Together {
  private readonly stop = new AbortController()
  private readonly works: Array<Promise<unknown>> = []
  private failure?: { error: unknown }
  readonly signal: AbortSignal

  constructor(parent: AbortSignal | undefined) {
    this.signal = parent ? AbortSignal.any([parent, this.stop.signal]) : this.stop.signal
  }

  track<T>(work: Promise<T>): Promise<T> {
    const tracked = work.catch((error: unknown) => {
      this.failure ??= { error }
      this.stop.abort(error)
      throw error
    })
    this.works.push(tracked)
    return tracked
  }

  async settled(): Promise<void> {
    await Promise.allSettled(this.works)
    if (this.failure) throw this.failure.error
  }
}

/** "2024-03, 2024-07" or "2024-01..2024-12 (12 months)" for a failure message. */
function describeMonths(labels: readonly string[]): string {
  if (labels.length <= 6) return labels.join(', ')
  return `${labels[0]}..${labels[labels.length - 1]} (${labels.length} months)`
}

/** The message of a failed sweep: the window is done, these months are not. */
export function sweepFailureWording(outcome: SweepOutcome, span: Period): Wording {
  const months = outcome.notRefreshed.length
    ? `the months ${describeMonths(outcome.notRefreshed)} before the window were not refreshed`
    : `the days ${span.from}..${span.to} before the window were not checked`
  return words`Late edits: ${wordingOf(outcome.failure)}\nThe window's days are up to date, but ${months}; their stored files are untouched. The next run retries them.`
}
