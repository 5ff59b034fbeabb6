import { compactDate } from '../util/calendar.js'
import type { Format } from './serialize.js'

export const LAYOUTS = ['flat', 'hive', 'snapshot'] as const
export type Layout = (typeof LAYOUTS)[number]

export interface KeyScheme {
  prefix: string
  layout: Layout
  format: Format
}

export function dayKey(scheme: KeyScheme, date: string): string {
  if (scheme.layout === 'hive')
    return `${scheme.prefix}spent_date=${date}/time_entries.${scheme.format}`
  return `${scheme.prefix}${compactDate(date)}.${scheme.format}`
}

export function snapshotKey(scheme: KeyScheme, today: string): string {
  return `${scheme.prefix}${compactDate(today)}.${scheme.format}`
}

/** The spent (or run) date a key of this scheme stands for, or undefined for other keys. */
export function dateOfKey(scheme: KeyScheme, key: string): string | undefined {
  if (!key.startsWith(scheme.prefix)) return undefined
  const rest = key.slice(scheme.prefix.length)
  const pattern =
    scheme.layout === 'hive'
      ? new RegExp(`^spent_date=(\\d{4})-(\\d{2})-(\\d{2})/time_entries\\.${scheme.format}$`)
      : new RegExp(`^(\\d{4})(\\d{2})(\\d{2})\\.${scheme.format}$`)
  const match = pattern.exec(rest)
  return match ? `${match[1]}-${match[2]}-${match[3]}` : undefined
}

export type ChangeKind = 'new' | 'updated' | 'deleted' | 'closed'

/** `<prefix>changes/new/YYYYMMDD-new-HHMMSS.json`, as the original script named them. */
export function changeLogKey(prefix: string, kind: ChangeKind, today: string, time: string) {
  return `${prefix}changes/${kind}/${compactDate(today)}-${kind}-${time}.json`
}
