import { diffEntries } from '../export/changes.js'
import type { ChangeKind } from '../export/layout.js'
import type { TimeEntry } from '../harvest/types.js'
import {
  sortById,
  type HarvestObject,
  type HarvestRecord,
  type ResourceContent
} from './records.js'

/** How one resource object changed against what the store held, by record id. */
interface ResourceDiff {
  added: Array<HarvestRecord | HarvestObject>
  updated: Array<HarvestRecord | HarvestObject>
  deleted: Array<HarvestRecord | HarvestObject>
}

interface ResourceChangeCounts {
  added: number
  updated: number
  deleted: number
}

/**
 * Added, updated (stored content differs, key order aside) and deleted records, with the
 * day files' comparison (`diffEntries`). `before` is undefined when nothing was stored.
 * The company, one object without an id, is compared as a list of one.
 */
export function diffResource(
  before: ResourceContent | undefined,
  after: ResourceContent
): ResourceDiff {
  const diff = diffEntries(asEntries(before), asEntries(after))
  const unwrap = (entries: TimeEntry[]): Array<HarvestRecord | HarvestObject> =>
    after.kind === 'single'
      ? entries.map((entry) => entry.object as HarvestObject)
      : sortById(entries as unknown as HarvestRecord[])
  return { added: unwrap(diff.added), updated: unwrap(diff.updated), deleted: unwrap(diff.deleted) }
}

export function changeCounts(diff: ResourceDiff): ResourceChangeCounts {
  return { added: diff.added.length, updated: diff.updated.length, deleted: diff.deleted.length }
}

/**
 * The change log's three lists (new: the new records; updated: their new version; deleted:
 * their last stored version), each sorted by id, named by the kind they go under.
 */
export function changeLogLists(
  diff: ResourceDiff
): Array<{ kind: ChangeKind; records: ReadonlyArray<HarvestRecord | HarvestObject> }> {
  return [
    { kind: 'new' as const, records: diff.added },
    { kind: 'updated' as const, records: diff.updated },
    { kind: 'deleted' as const, records: diff.deleted }
  ].filter((list) => list.records.length > 0)
}

/** `diffEntries` matches records by id and compares the rest; the company gets id 0. */
function asEntries(content: ResourceContent | undefined): TimeEntry[] {
  if (!content) return []
  if (content.kind === 'single') return [{ id: 0, object: content.object } as unknown as TimeEntry]
  return content.records as unknown as TimeEntry[]
}
