import { dayKey, type KeyScheme } from '../export/layout.js'
import type { SyncState } from '../state/sync-state.js'
import type { ListedObject } from '../store/store.js'
import { compactDate, expandDate } from '../util/calendar.js'
import { finding, type Finding } from './findings.js'

/**
 * The state's day counts against the day files': a day the state counts but no file holds
 * is missing, a count that differs from its file's is named with both numbers. Unreadable
 * files (an undefined count) are reported already and left out here.
 */
export function checkStateCounts(
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
 * The ETag the state recorded for a day file it wrote (the days of its last window) against
 * the file's now: a file changed since by something else differs, also when that writer
 * left no SHA-256 metadata to compare (the S3 console, a copy tool, an edit in `out-dir`).
 * Keys reported already are left out.
 */
export function checkStateEtags(
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
