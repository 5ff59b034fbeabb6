import { dateOfKey, type KeyScheme } from '../export/layout.js'
import { resourceKey } from '../resources/object-key.js'
import { RESOURCE_NAMES } from '../resources/names.js'
import type { OtherResource } from '../resources/catalog.js'
import { stateKey } from '../state/sync-state.js'
import type { ListedObject, Store } from '../store/store.js'
import { monthOfTableKey } from '../tables/table-keys.js'

/**
 * Lists everything under the prefix once and sorts out what verify checks: day files by date
 * (in date order), resource objects, time entry tables by month, and whether the state is
 * there. Objects of another format, the latest-key object and the change log are left out.
 */
export async function listArchive(store: Store, scheme: KeyScheme) {
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
