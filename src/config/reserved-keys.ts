import { LAYOUTS, dateOfKey } from '../export/layout.js'
import { FORMATS } from '../export/serialize.js'
import { RESOURCE_NAMES } from '../resources/names.js'

/** Folders under a prefix that runs fill themselves: the change log, tables, the state. */
const RESERVED_FOLDERS = ['changes', 'tables', '.harvest-s3-export']

/** The resources kept in objects of their own (the README's Other resources). */
const RESOURCE_OBJECTS = RESOURCE_NAMES.filter((name) => name !== 'time_entries')

/**
 * What a run of any layout and format writes at `key` (relative to the prefix), in words
 * completing "<key> is ...", or undefined when no run writes there. Any layout and format
 * counts, not only the configured ones: a prefix keeps its objects across runs, and a
 * later change of layout must not find its key taken (README, What is stored).
 */
export function reservedKeyUse(key: string): string | undefined {
  const lower = key.toLowerCase()
  const [first] = lower.split('/')
  if (RESERVED_FOLDERS.includes(first))
    return first === '.harvest-s3-export'
      ? 'where the run keeps its state'
      : `under ${first}/, which runs fill themselves`
  if (first.startsWith('spent_date=')) return 'inside a hive day folder'
  for (const layout of LAYOUTS)
    for (const format of FORMATS)
      if (dateOfKey({ prefix: '', layout, format }, lower) !== undefined) return 'a day file name'
  const resource = RESOURCE_OBJECTS.find(
    (name) => first === name || FORMATS.some((format) => first === `${name}.${format}`)
  )
  if (resource !== undefined) return `where resources keeps ${resource}`
  return undefined
}
