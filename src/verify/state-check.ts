import { dayKey, type KeyScheme } from '../export/layout.js'
import type { SyncState } from '../state/sync-state.js'
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
