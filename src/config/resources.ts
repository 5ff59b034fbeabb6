import { RESOURCE_NAMES, type ResourceName } from '../resources/names.js'

export { RESOURCE_NAMES, type ResourceName }

export const DEFAULT_RESOURCES: readonly ResourceName[] = ['time_entries']

export type ResourceList =
  { ok: true; resources: readonly ResourceName[] } | { ok: false; unknown: string[] }

/** Names separated by commas and/or spaces, or `all`: in the README's order, each once. */
export function parseResourceList(text: string): ResourceList {
  const names = text.split(/[\s,]+/).filter((name) => name !== '')
  const unknown = names.filter(
    (name) => name !== 'all' && !(RESOURCE_NAMES as readonly string[]).includes(name)
  )
  if (unknown.length > 0) return { ok: false, unknown: [...new Set(unknown)] }
  if (names.length === 0) return { ok: false, unknown: [] }
  const wanted = new Set(names)
  return {
    ok: true,
    resources: wanted.has('all')
      ? RESOURCE_NAMES
      : RESOURCE_NAMES.filter((name) => wanted.has(name))
  }
}
