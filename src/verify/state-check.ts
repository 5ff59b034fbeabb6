import { dayKey, type KeyScheme } from '../export/layout.js'
import type { SyncState } from '../state/sync-state.js'
import type { ListedObject } from '../store/store.js'
import { compactDate, expandDate } from '../util/calendar.js'
import type { Finding } from './findings.js'

/**
 * The state's day counts against the day files': a day the state counts but no file holds
 * is missing, a count that differs from its file's is named with both numbers. Unreadable
 * files are reported already and left out here.
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
    const key = dayKey(scheme, date)
    const months = [date.slice(0, 7)]
    if (!counts.has(date)) {
      if (recorded > 0)
        findings.push({
          problem: {
            kind: 'missing-day',
            key,
            detail: `state says ${entriesText(recorded)}, no day file`
          },
          months
        })
      continue
    }
    const held = counts.get(date)
    if (held === undefined || held === recorded) continue
    findings.push({
      problem: {
        kind: 'state-count',
        key,
        detail: `state says ${entriesText(recorded)}, file holds ${held}`
      },
      months
    })
  }
  return findings
}

const entriesText = (count: number): string => `${count} ${count === 1 ? 'entry' : 'entries'}`

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
  const findings: Finding[] = []
  for (const [date, object] of days) {
    const recorded = state.files?.[compactDate(date)]?.etag
    if (recorded === undefined || recorded === object.etag || reported.has(object.key)) continue
    findings.push({
      problem: {
        kind: 'sha256',
        key: object.key,
        detail:
          'ETag differs from the one harvest-s3-export recorded: changed outside harvest-s3-export'
      },
      months: [date.slice(0, 7)]
    })
  }
  return findings
}
