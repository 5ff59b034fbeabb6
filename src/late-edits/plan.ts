/**
 * The sweep's decisions as pure functions (`sweep.ts` reads): the days it covers, the counts it
 * asks for, the months it reads whole, and whether the run must refuse as a mass delete.
 */
import { addDays, lastDayOfMonth } from '../util/calendar.js'
import { setting, words, type Wording } from '../wording.js'
import { storedCount } from '../state/next-state.js'
import type { SyncState } from '../state/sync-state.js'
import { RECORD_KINDS } from '../state/embedded.js'

/** A stretch of days, labelled by the year (`2025`) or month (`2025-03`) it stands for. */
export interface Period {
  label: string
  from: string
  to: string
}

/** The days a sweep keeps exact: from `archive_from` to the day before the window, if any. */
export function sweepSpan(archiveFrom: string, windowFrom: string): Period | undefined {
  const to = addDays(windowFrom, -1)
  if (archiveFrom > to) return undefined
  return { label: `${archiveFrom}..${to}`, from: archiveFrom, to }
}

function clip(period: Period, span: Period): Period | undefined {
  const from = period.from > span.from ? period.from : span.from
  const to = period.to < span.to ? period.to : span.to
  return from <= to ? { label: period.label, from, to } : undefined
}

/** The calendar years of `span`, each clipped to it (oldest first). */
export function yearPeriods(span: Period): Period[] {
  const periods: Period[] = []
  for (let year = Number(span.from.slice(0, 4)); year <= Number(span.to.slice(0, 4)); year++) {
    const period = clip({ label: String(year), from: `${year}-01-01`, to: `${year}-12-31` }, span)
    if (period) periods.push(period)
  }
  return periods
}

/** The months of `span`, each clipped to it (oldest first). */
export function monthPeriods(span: Period): Period[] {
  const periods: Period[] = []
  for (let month = span.from.slice(0, 7); month <= span.to.slice(0, 7);) {
    const period = clip({ label: month, from: `${month}-01`, to: lastDayOfMonth(month) }, span)
    if (period) periods.push(period)
    month = addDays(lastDayOfMonth(month), 1).slice(0, 7)
  }
  return periods
}

export function monthOf(date: string): string {
  return date.slice(0, 7)
}

/** The months of `span` that hold one of `dates` (spent dates outside it are the window's). */
export function monthsHolding(dates: Iterable<string>, span: Period): Set<string> {
  const months = new Set<string>()
  for (const date of dates) {
    if (date >= span.from && date <= span.to) months.add(monthOf(date))
  }
  return months
}

/**
 * The years whose Harvest count differs from the state's once the months read (`read`: their
 * counts) are set aside: a moved entry shows up in its new month, its old month's year lacks one.
 */
export function yearsToSplit(
  years: ReadonlyArray<{ period: Period; harvest: number }>,
  state: SyncState,
  read: ReadonlyMap<string, number>,
  months: readonly Period[]
): Period[] {
  const differing: Period[] = []
  for (const { period, harvest } of years) {
    let expected = storedCount(state, period.from, period.to)
    let remaining = harvest
    for (const month of months) {
      if (month.label.slice(0, 4) !== period.label) continue
      const count = read.get(month.label)
      if (count === undefined) continue
      expected -= storedCount(state, month.from, month.to)
      remaining -= count
    }
    if (remaining !== expected) differing.push(period)
  }
  return differing
}

/** The months of `year` not read yet: each gets a count probe. */
export function monthsToProbe(
  year: Period,
  months: readonly Period[],
  read: { has(label: string): boolean }
) {
  return months.filter((month) => month.label.slice(0, 4) === year.label && !read.has(month.label))
}

/** Months whose Harvest count differs from the state's: a delete (or an unseen add) is in them. */
export function differingMonths(
  probes: ReadonlyArray<{ period: Period; harvest: number }>,
  state: SyncState
): Period[] {
  return probes
    .filter(({ period, harvest }) => harvest !== storedCount(state, period.from, period.to))
    .map(({ period }) => period)
}

/**
 * Extra requests a sweep of an unchanged archive may make (README, "Cost per run"):
 * `updated_since` of time entries and of each record kind, one count per year.
 */
export function unchangedSweepCost(span: Period | undefined): number {
  if (!span) return 0
  return 1 + yearPeriods(span).length + RECORD_KINDS.length
}

/** Harvest timestamps have second precision and its servers' clocks differ a little. */
const UPDATED_SINCE_OVERLAP_MS = 5 * 60 * 1000

/** `synced_at` minus the overlap, as Harvest's `updated_since` takes it. */
export function updatedSince(syncedAt: string): string {
  return new Date(Date.parse(syncedAt) - UPDATED_SINCE_OVERLAP_MS)
    .toISOString()
    .replace('.000Z', 'Z')
}

/**
 * The mass-delete guard (README, Safety): a token whose user lost admin rights sees only that
 * user's entries. Fewer deletes never trip it: small archives lose whole days legitimately.
 */
const MASS_DELETE_MIN = 100

/** Entries the store holds for the days compared, and those the run would remove of them. */
interface DeleteEstimate {
  stored: number
  deleted: number
}

/** True when the run must refuse: more than half of what it compares, and at least 100. */
export function isMassDelete({ stored, deleted }: DeleteEstimate, allowEmpty: boolean): boolean {
  return !allowEmpty && deleted >= MASS_DELETE_MIN && deleted * 2 > stored
}

/** For each period compared, how many fewer entries Harvest reports than the store holds. */
export function estimateDeletes(
  periods: ReadonlyArray<{ stored: number; harvest: number }>
): DeleteEstimate {
  let stored = 0
  let deleted = 0
  for (const period of periods) {
    stored += period.stored
    deleted += Math.max(0, period.stored - period.harvest)
  }
  return { stored, deleted }
}

export function massDeleteMessage(estimate: DeleteEstimate, where: string): Wording {
  return words`Harvest reports ${estimate.deleted} fewer entries than the store holds for ${where} (${estimate.stored} stored): this run would delete more than half of them. Refusing to write anything: a token whose user lost admin rights sees only that user's entries, and a wrong account id sees none: check ${setting('harvestAccountId')} and ${setting('harvestAccessToken')}; if the entries really were deleted, re-run with ${setting('allowEmpty', 'true')}.`
}
