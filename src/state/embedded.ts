/**
 * The names Harvest embeds in every time entry (`client.name`, ...). Harvest shows a renamed
 * record's new names in old entries without touching their `updated_at`: only comparing the
 * record with what the archive holds for it shows a rename.
 */

export const RECORD_KINDS = ['clients', 'projects', 'tasks', 'users'] as const
export type RecordKind = (typeof RECORD_KINDS)[number]

/** The embedded values of one record, e.g. `{ name: 'ABC Corp', currency: 'USD' }`. */
export type EmbeddedValues = Record<string, string | null>

/** Per kind, per record id (as a string, like JSON keys): the values the archive holds. */
export type EmbeddedRecords = Record<RecordKind, Record<string, EmbeddedValues>>

/** Which fields each kind embeds, and the entry field that holds the embedded object. */
export const EMBEDDED_FIELDS: Record<RecordKind, { entryField: string; fields: string[] }> = {
  clients: { entryField: 'client', fields: ['name', 'currency'] },
  projects: { entryField: 'project', fields: ['name', 'code'] },
  tasks: { entryField: 'task', fields: ['name'] },
  users: { entryField: 'user', fields: ['name'] }
}

/** The time-entries filter that finds one record's entries (`client_id=...`). */
export function entryFilter(kind: RecordKind): string {
  return `${EMBEDDED_FIELDS[kind].entryField}_id`
}

export function emptyRecords(): EmbeddedRecords {
  return { clients: {}, projects: {}, tasks: {}, users: {} }
}

function valueOf(value: unknown): string | null | undefined {
  if (value === null || typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return undefined
}

function valuesOf(record: Record<string, unknown>, fields: string[]): EmbeddedValues {
  const values: EmbeddedValues = {}
  for (const field of fields) {
    const value = valueOf(record[field])
    if (value !== undefined) values[field] = value
  }
  return values
}

/**
 * Adds the embedded values of `entries` to `into` (later entries win) and, with `counts`,
 * counts each spent date there, in one pass (the run's every complete read goes through here).
 */
export function collectEmbedded(
  entries: Iterable<Record<string, unknown>>,
  into: EmbeddedRecords,
  counts?: Map<string, number>
): void {
  const kinds = RECORD_KINDS.map((kind) => ({ ...EMBEDDED_FIELDS[kind], records: into[kind] }))
  for (const entry of entries) {
    if (counts) {
      const date = entry.spent_date as string
      counts.set(date, (counts.get(date) ?? 0) + 1)
    }
    for (const { entryField, fields, records } of kinds) {
      const record = entry[entryField] as Record<string, unknown> | null | undefined
      if (typeof record !== 'object' || record === null || !Number.isSafeInteger(record.id))
        continue
      // A number indexes the same property as String(id), without making the string.
      const id = record.id as number
      // Most entries repeat names `into` holds already: this spares each of them an object.
      const held = records[id]
      if (held === undefined || fields.some((field) => held[field] !== valueOf(record[field])))
        records[id] = valuesOf(record, fields)
    }
  }
}

/**
 * The values a record of Harvest's `clients`/`projects`/`tasks`/`users` endpoint shows in
 * entries, or undefined without a numeric id. Users are listed with `first_name`/`last_name`;
 * entries embed them joined.
 */
export function embeddedOfRecord(
  kind: RecordKind,
  record: Record<string, unknown>
): { id: string; values: EmbeddedValues } | undefined {
  if (!Number.isSafeInteger(record.id)) return undefined
  let shown = record
  if (kind === 'users' && typeof record.name !== 'string') {
    const names = [record.first_name, record.last_name].filter((name) => typeof name === 'string')
    shown = { name: names.filter(Boolean).join(' ') }
  }
  return { id: String(record.id), values: valuesOf(shown, EMBEDDED_FIELDS[kind].fields) }
}

export interface RenamedRecord {
  kind: RecordKind
  id: number
  before: EmbeddedValues
  after: EmbeddedValues
}

/**
 * Records (as `updated_since` returned them) whose embedded values differ from the archive's.
 * A record the archive holds nothing of is no rename: no stored entry carries its name.
 */
export function renamedRecords(
  kind: RecordKind,
  records: Iterable<Record<string, unknown>>,
  archived: EmbeddedRecords
): RenamedRecord[] {
  const renamed: RenamedRecord[] = []
  for (const record of records) {
    const current = embeddedOfRecord(kind, record)
    const before = current && archived[kind][current.id]
    // Only fields the record shows count: a list that omits one says nothing about it.
    if (before && Object.entries(current.values).some(([key, value]) => before[key] !== value))
      renamed.push({ kind, id: Number(current.id), before, after: current.values })
  }
  return renamed
}
