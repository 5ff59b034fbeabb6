import { compactDate } from '../util/calendar.js'
import type { ChangeKind, KeyScheme } from '../export/layout.js'
import type { OtherResource } from './catalog.js'

/**
 * Key of the one object holding every record of `resource` (README, Other resources):
 * flat `<prefix>projects.json`, hive `<prefix>projects/projects.json` (one table location
 * per resource), snapshot `<prefix>projects/<YYYYMMDD>.json` for run date `today`.
 * Extension `.ndjson` with format ndjson, as for day files.
 */
export function resourceKey(scheme: KeyScheme, resource: OtherResource, today: string): string {
  const file = scheme.layout === 'snapshot' ? compactDate(today) : resource
  const folder = scheme.layout === 'flat' ? '' : `${resource}/`
  return `${scheme.prefix}${folder}${file}.${scheme.format}`
}

/** `<prefix>changes/<resource>/<kind>/YYYYMMDD-<kind>-HHMMSS.json`: never a time entries' name. */
export function resourceChangeLogKey(
  prefix: string,
  resource: OtherResource,
  kind: ChangeKind,
  today: string,
  time: string
): string {
  return `${prefix}changes/${resource}/${kind}/${compactDate(today)}-${kind}-${time}.json`
}
