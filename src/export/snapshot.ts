import type { TimeEntry } from '../harvest/types.js'
import type { Store } from '../store/store.js'
import { dateOfKey, snapshotKey, type KeyScheme } from './layout.js'
import { parseEntries } from './serialize.js'
import type { ExportWindow } from './window.js'

/**
 * What the store held before this run, for a snapshot layout whose run-date object does not
 * exist yet: the newest earlier snapshot, else the rolling `latest-key` file (both are what
 * the original script left behind). A read error is never taken as "no previous data".
 */
export async function findSnapshotBaseline(
  store: Store,
  scheme: KeyScheme,
  window: ExportWindow,
  latestKey: string | undefined
): Promise<TimeEntry[]> {
  const listed = await store.list(scheme.prefix, scheme.prefix, snapshotKey(scheme, window.today))
  const snapshots = listed
    .filter((object) => dateOfKey(scheme, object.key) !== undefined)
    .map((object) => object.key)
  const key =
    snapshots.sort().pop() ?? (latestKey !== undefined ? `${scheme.prefix}${latestKey}` : undefined)
  if (key === undefined) return []
  const object = await store.get(key)
  return (object && parseEntries(object.body)) ?? []
}
