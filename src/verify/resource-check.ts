import type { OtherResource } from '../resources/catalog.js'
import { parseResource, sortById, type HarvestRecord } from '../resources/records.js'
import type { StoredObject } from '../store/store.js'
import { finding, type Finding } from './findings.js'

/**
 * One resource object: it parses; a list's records carry numeric ids, unique and sorted by
 * id (README, What each object holds). The next export with the resource rewrites it.
 */
export function checkResource(
  resource: OtherResource,
  key: string,
  object: StoredObject
): Finding[] {
  const found = (detail: string): Finding[] => [
    { ...finding('resource', key, detail, []), resources: [resource] }
  ]
  const content = parseResource(object.body, resource === 'company' ? 'single' : 'list')
  if (content === undefined) return found('not valid JSON')
  if (content.kind === 'single') return []
  const records = content.records
  if (records.some((record) => !Number.isSafeInteger(record.id)))
    return found('a record has no numeric id')
  const ids = new Set<number>()
  for (const record of records) {
    if (ids.has(record.id)) return found(`duplicate id ${record.id}`)
    ids.add(record.id)
  }
  const sorted = sortById([...records] as HarvestRecord[])
  if (sorted.some((record, index) => record !== records[index])) return found('not sorted by id')
  return []
}
