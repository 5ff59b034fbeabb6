/**
 * Harvest shows a record's current values wherever it is embedded (a renamed client in every
 * old time entry, invoice and project), without touching the embedding records' updated_at.
 */
import type { HarvestRecord } from './resources-data.js'

/**
 * Replaces, in every target, each embedded object under one of `keys` whose id is `view.id`
 * with one holding the same fields (in the same order) filled from `view`. The new objects
 * are frozen and shared, like the generated ones.
 */
export function refreshEmbedded(
  targets: Iterable<Record<string, unknown>>,
  keys: readonly string[],
  view: Record<string, unknown>
): void {
  const fresh = new Map<string, Readonly<Record<string, unknown>>>()
  for (const target of targets) {
    for (const key of keys) {
      const old = target[key] as Record<string, unknown> | null | undefined
      if (!old || typeof old !== 'object' || old.id !== view.id) continue
      const fields = Object.keys(old)
      const shape = fields.join('\u0000')
      let replacement = fresh.get(shape)
      if (!replacement) {
        replacement = Object.freeze(
          Object.fromEntries(
            fields.map((field) => [field, field in view ? view[field] : old[field]])
          )
        )
        fresh.set(shape, replacement)
      }
      target[key] = replacement
    }
  }
}

/** Every object that may embed another: the records and their invoice/estimate line items. */
export function* embeddingTargets(
  entries: Iterable<Record<string, unknown>>,
  records: Iterable<HarvestRecord>
): Iterable<Record<string, unknown>> {
  yield* entries
  for (const record of records) {
    yield record
    if (Array.isArray(record.line_items)) yield* record.line_items as Record<string, unknown>[]
  }
}
