import { ExportError, SafetyError } from '../errors.js'
import { dateOfKey, dayKey, type KeyScheme } from '../export/layout.js'
import type { Logger } from '../export/types.js'
import type { OtherResource } from '../resources/catalog.js'
import { RESOURCE_NAMES } from '../resources/names.js'
import { resourceKey } from '../resources/object-key.js'
import { parseState, UnusableStateError } from '../state/parse-state.js'
import { stateKey, type SyncState } from '../state/sync-state.js'
import type { ListedObject, Store } from '../store/store.js'
import { compactDate, expandDate } from '../util/calendar.js'
import { setting, words } from '../wording.js'
import { monthOfTableKey, timeEntryTableKey } from '../tables/table-keys.js'
import { readDayFiles } from './day-files.js'
import { finding, type Finding, type Problem } from './findings.js'
import { compareWithHarvest, type EntryCounter } from './harvest-counts.js'
import { planRepairs, type Repair } from './repairs.js'
import { checkResource } from './resource-check.js'
import { checkMonthTable } from './table-check.js'

/** Where and how the archive is written; `accountId`: the state must be this account's. */
export type VerifySettings = KeyScheme & { accountId: string }

export interface VerifyDependencies {
  store: Store
  harvest: EntryCounter
  log?: Logger
  /** Day files checked so far, of how many. */
  progress?: (checked: number, total: number) => void
  /** Day files read at a time (memory holds at most this many bodies). */
  readsAhead?: number
}

export interface VerifyReport {
  /** Every problem found, day files in key order first; none: the archive is whole. */
  problems: Problem[]
  daysChecked: number
  entries: number
  /** The archive's first and last day, checked against Harvest. */
  from?: string
  to?: string
  /** What repairs the problems (empty when there are none). */
  repairs: Repair[]
}

/**
 * Day file bodies held at a time. On the 250k/365d archive (bench/RESULTS.md, Verify) 8 take a
 * third longer than 16, 32 save a fifth more for 10% more memory; an export keeps 16 in flight.
 */
const DEFAULT_READS_AHEAD = 16

/**
 * Audits the archive under the prefix (README, Verify) and writes nothing: every day file's
 * bytes, the state against the files, Harvest's counts against the archive's, the month
 * tables and the resource objects. Bad input (a snapshot layout, nothing under the prefix,
 * another account's or another shape's state) fails before any day file is read.
 */
export async function verifyArchive(
  settings: VerifySettings,
  deps: VerifyDependencies
): Promise<VerifyReport> {
  if (settings.layout === 'snapshot')
    throw new ExportError(
      words`Verify checks an archive of one file per day: ${setting('layout')} flat or hive, not snapshot.`
    )
  const { store } = deps
  const listing = await listArchive(store, settings)
  const key = stateKey(settings.prefix)
  const findings: Finding[] = []
  const state = listing.hasState ? await readState(store, key, findings) : undefined
  if (listing.days.size === 0 && !listing.hasState)
    throw new ExportError(
      words`No archive under ${store.location}${settings.prefix}: no ${settings.layout}/${settings.format} day file and no state object. Nothing was checked. Check ${setting('s3Prefix')}, ${setting('layout')} and ${setting('format')}.`
    )
  if (state) bindState(state, settings, key)
  deps.log?.info(
    `Checking ${listing.days.size} day files under ${store.location}${settings.prefix}`
  )
  const read = await readDayFiles(store, settings, listing.days, {
    ahead: deps.readsAhead ?? DEFAULT_READS_AHEAD,
    keepIds: new Set(listing.tables.keys()),
    progress: deps.progress
  })
  findings.push(...read.findings)
  if (state) {
    findings.push(...checkStateCounts(state, settings, read.counts))
    const reported = new Set(findings.map((finding) => finding.problem.key))
    findings.push(...checkStateEtags(state, listing.days, reported))
  }
  const stateDays = Object.entries(state?.days ?? {}).map(
    ([day, n]) => [expandDate(day), n] as const
  )
  const range = archiveRange(state, [...listing.days.keys(), ...stateDays.map(([date]) => date)])
  // Only dates with a day file count; an unreadable one counts what the state says it held:
  // it is reported once, as unreadable.
  const archiveCount = (from: string, to: string): number => {
    let total = 0
    for (const [date, count] of read.counts)
      if (date >= from && date <= to) total += count ?? state?.days[compactDate(date)] ?? 0
    return total
  }
  const damaged = new Set(findings.flatMap((finding) => finding.months))
  const harvest = range
    ? await compareWithHarvest(deps.harvest, range, archiveCount, damaged)
    : { findings: [], months: new Map() }
  findings.push(...harvest.findings)
  for (const [month, listed] of listing.tables) {
    const object = await store.get(listed.key)
    const ids = read.monthIds.get(month) ?? []
    if (object) findings.push(...(await checkMonthTable(month, listed.key, object, ids)))
  }
  const dayMonths = new Set([...listing.days.keys()].map((date) => date.slice(0, 7)))
  for (const month of Object.keys(state?.tables ?? {}))
    if (!listing.tables.has(month) && dayMonths.has(month)) {
      const detail = `the state records a table of ${month}, none is stored`
      findings.push(finding('table', timeEntryTableKey(settings.prefix, month), detail, [month]))
    }
  for (const [resource, listed] of listing.resources) {
    const object = await store.get(listed.key)
    if (object) findings.push(...checkResource(resource, listed.key, object))
  }
  const stateMonth = (month: string): number =>
    stateDays.filter(([date]) => date.startsWith(month)).reduce((sum, [, count]) => sum + count, 0)
  const keepsTables = listing.tables.size > 0 || Object.keys(state?.tables ?? {}).length > 0
  return {
    // Only what the faces report: a problem's kind, key and detail.
    problems: findings.map(({ problem: { kind, key, detail } }) => ({ kind, key, detail })),
    daysChecked: read.counts.size,
    entries: read.entries,
    ...range,
    repairs: planRepairs(findings, range, harvest.months, stateMonth, keepsTables)
  }
}

/** The state, or a finding when it does not parse (verify goes on without it). */
async function readState(
  store: Store,
  key: string,
  findings: Finding[]
): Promise<SyncState | undefined> {
  const object = await store.get(key)
  if (!object) return undefined
  try {
    return parseState(object.body.toString('utf8'), key)
  } catch (error) {
    if (!(error instanceof ExportError)) throw error
    const detail = error instanceof UnusableStateError ? error.problem : 'unreadable'
    findings.push({ ...finding('state', key, detail, []), restore: true })
    return undefined
  }
}

/** Another account's archive, or one of another shape, is not what the settings describe. */
function bindState(state: SyncState, settings: VerifySettings, key: string): void {
  if (state.account_id !== settings.accountId)
    throw new SafetyError(
      words`The archive under this prefix belongs to Harvest account ${state.account_id} (recorded in ${key}), not ${settings.accountId}. Nothing was checked. Check ${setting('harvestAccountId')} and ${setting('s3Prefix')}.`
    )
  const { layout, format } = state
  if ((layout && layout !== settings.layout) || (format && format !== settings.format))
    throw new ExportError(
      words`The archive under this prefix is ${layout ?? settings.layout}/${format ?? settings.format} (recorded in ${key}), not ${settings.layout}/${settings.format}. Nothing was checked. Set ${setting('layout')} and ${setting('format')} as the archive was written.`
    )
}

/**
 * The state's day counts against the day files': a day it counts that no file holds is
 * missing; a differing count is named. Unreadable files (no count) are reported already.
 */
function checkStateCounts(
  state: SyncState,
  scheme: KeyScheme,
  counts: ReadonlyMap<string, number | undefined>
): Finding[] {
  const findings: Finding[] = []
  const dates = new Set([...Object.keys(state.days).map(expandDate), ...counts.keys()])
  for (const date of [...dates].sort()) {
    const recorded = state.days[compactDate(date)] ?? 0
    const held = counts.get(date)
    const says = `state says ${recorded} ${recorded === 1 ? 'entry' : 'entries'}`
    const report = (kind: 'missing-day' | 'state-count', detail: string) =>
      findings.push(finding(kind, dayKey(scheme, date), detail, [date.slice(0, 7)]))
    if (!counts.has(date)) {
      if (recorded > 0) report('missing-day', `${says}, no day file`)
    } else if (held !== undefined && held !== recorded)
      report('state-count', `${says}, file holds ${held}`)
  }
  return findings
}

/**
 * The ETag the state recorded for a day file of its last window against the file's now: it
 * catches a change by a writer that left no SHA-256 metadata (the S3 console, a copy tool, an
 * edit in `out-dir`). Keys reported already are left out.
 */
function checkStateEtags(
  state: SyncState,
  days: ReadonlyMap<string, ListedObject>,
  reported: ReadonlySet<string>
): Finding[] {
  const detail =
    'ETag differs from the one harvest-s3-export recorded: changed outside harvest-s3-export'
  return [...days]
    .filter(([date, object]) => {
      const recorded = state.files?.[compactDate(date)]?.etag
      return recorded !== undefined && recorded !== object.etag && !reported.has(object.key)
    })
    .map(([date, object]) => finding('sha256', object.key, detail, [date.slice(0, 7)]))
}

/**
 * The archive's first to last day: the state's archive_from (or the first day file) to the
 * last day the state counts or a day file holds. The state records no window end, and a
 * backfill's state is stamped with the day it ran: ending at the last archived day never
 * takes Harvest's later entries for missing ones. Undefined for an archive with neither.
 */
function archiveRange(
  state: SyncState | undefined,
  dates: string[]
): { from: string; to: string } | undefined {
  if (dates.length === 0) return undefined
  const sorted = [...dates, ...(state ? [state.archive_from] : [])].sort()
  return { from: sorted[0], to: sorted[sorted.length - 1] }
}

/**
 * Lists everything under the prefix once and sorts out what verify checks: day files by date
 * (in date order), resource objects, time entry tables by month, and whether the state is
 * there. Objects of another format, the latest-key object and the change log are left out.
 */
async function listArchive(store: Store, scheme: KeyScheme) {
  // Every key under the prefix sorts between the prefix and the prefix followed by U+FFFF.
  const listed = await store.list(scheme.prefix, scheme.prefix, `${scheme.prefix}\uffff`)
  const byKey = new Map(listed.map((object) => [object.key, object]))
  const days = new Map<string, ListedObject>()
  const tables = new Map<string, ListedObject>()
  for (const object of listed) {
    const date = dateOfKey(scheme, object.key)
    if (date !== undefined) days.set(date, object)
    const month = monthOfTableKey(scheme.prefix, object.key)
    if (month !== undefined) tables.set(month, object)
  }
  const resources = new Map<OtherResource, ListedObject>()
  for (const name of RESOURCE_NAMES) {
    if (name === 'time_entries') continue
    // Flat and hive keys do not depend on the run date.
    const object = byKey.get(resourceKey(scheme, name, '1970-01-01'))
    if (object) resources.set(name, object)
  }
  const sorted = new Map([...days].sort(([a], [b]) => (a < b ? -1 : 1)))
  return { days: sorted, resources, tables, hasState: byKey.has(stateKey(scheme.prefix)) }
}
