import type { OtherResource } from '../resources/catalog.js'
import { parseResource } from '../resources/records.js'
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
  const duplicate = records.find((record) => ids.size === ids.add(record.id).size)
  if (duplicate) return found(`duplicate id ${duplicate.id}`)
  if (records.some((record, index) => index > 0 && record.id < records[index - 1].id))
    return found('not sorted by id')
  return []
}
