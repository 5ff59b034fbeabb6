import { parseEntries, serializeEntries, type Format } from '../export/serialize.js'
import type { TimeEntry } from '../harvest/types.js'

/** A record of a list resource as Harvest returned it: only `id` is read, every field is kept. */
export interface HarvestRecord {
  id: number
  [field: string]: unknown
}

/** The single `company` object, kept exactly as returned (it has no `id`). */
export type HarvestObject = Record<string, unknown>

/** What one resource object holds: a list's records, or the company. */
export type ResourceContent =
  { kind: 'list'; records: HarvestRecord[] } | { kind: 'single'; object: HarvestObject }

/** Sorts in place by `id` as a number, the one order resource objects are kept in (README, What each object holds). */
export function sortById<T extends HarvestRecord>(records: T[]): T[] {
  return records.sort((a, b) => a.id - b.id)
}

/**
 * The stored bytes, serialized exactly like day files (`JSON.stringify(records, null, 2)`
 * plus a newline, or one NDJSON line per record); lists must already be sorted. The company
 * is one JSON object, or one NDJSON line.
 */
export function serializeResource(content: ResourceContent, format: Format): Buffer {
  if (content.kind === 'list') return serializeEntries(asEntries(content.records), format)
  if (format === 'ndjson') return serializeEntries(asEntries([content.object]), format)
  return Buffer.from(JSON.stringify(content.object, null, 2) + '\n')
}

/**
 * Reads a stored resource object back, in either format whatever `format` is now (so
 * switching format never loses the change report). Undefined when the bytes are neither.
 */
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
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      return { kind, object: parsed as HarvestObject }
  } catch {
    // Neither one JSON object nor one NDJSON line.
  }
  return undefined
}

/** Records of the content, for counts and the change report: the company counts as one. */
export function recordCount(content: ResourceContent): number {
  return content.kind === 'list' ? content.records.length : 1
}

/**
 * The day-file serializer and parser type their items as time entries but only rely on
 * `id` (sorting is done here, by id): resource records pass through them unchanged.
 */
function asEntries(records: ReadonlyArray<HarvestRecord | HarvestObject>): TimeEntry[] {
  return records as unknown as TimeEntry[]
}
