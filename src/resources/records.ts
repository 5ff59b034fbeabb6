import { parseEntries, serializeEntries, type Format } from '../export/serialize.js'
import type { TimeEntry } from '../harvest/types.js'
import { isJsonObject } from '../util/json-object.js'

/** As Harvest returned it: only `id` is read, every field is kept. */
export interface HarvestRecord {
  id: number
  [field: string]: unknown
}

/** The `company` object (it has no `id`). */
export type HarvestObject = Record<string, unknown>

export type ResourceContent =
  { kind: 'list'; records: HarvestRecord[] } | { kind: 'single'; object: HarvestObject }

/** Sorts in place by `id` as a number, the one order resource objects are kept in (README, What each object holds). */
export function sortById<T extends HarvestRecord>(records: T[]): T[] {
  return records.sort((a, b) => a.id - b.id)
}

/** Serialized exactly like day files (lists already sorted); the company as one object or line. */
export function serializeResource(content: ResourceContent, format: Format): Buffer {
  if (content.kind === 'list') return serializeEntries(asEntries(content.records), format)
  if (format === 'ndjson') return serializeEntries(asEntries([content.object]), format)
  return Buffer.from(JSON.stringify(content.object, null, 2) + '\n')
}

/** Either format whatever `format` is now (as for day files); undefined when neither. */
export function parseResource(
  body: Buffer,
  kind: ResourceContent['kind']
): ResourceContent | undefined {
  if (kind === 'list') {
    const records = parseEntries(body)
    return records ? { kind, records } : undefined
  }
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'))
    if (isJsonObject(parsed)) return { kind, object: parsed }
  } catch {
    // Neither one JSON object nor one NDJSON line.
  }
  return undefined
}

/** The day-file serializer and parser rely only on `id`: records pass through unchanged. */
function asEntries(records: ReadonlyArray<HarvestRecord | HarvestObject>): TimeEntry[] {
  return records as unknown as TimeEntry[]
}
