import { diffEntries } from '../export/changes.js'
import type { ChangeKind } from '../export/layout.js'
import type { TimeEntry } from '../harvest/types.js'
import type { ResourceReport } from '../report/summary.js'
import {
  sortById,
  type HarvestObject,
  type HarvestRecord,
  type ResourceContent
} from './records.js'

type ResourceDiff = Record<'added' | 'updated' | 'deleted', Array<HarvestRecord | HarvestObject>>

/**
 * By record id, with the day files' comparison (`diffEntries`); `before` is undefined when
 * nothing was stored. The company, one object without an id, is compared as a list of one.
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

export function changeCounts(diff: ResourceDiff): Pick<ResourceReport, keyof ResourceDiff> {
  return { added: diff.added.length, updated: diff.updated.length, deleted: diff.deleted.length }
}

/** The change log's lists (updated: the new version; deleted: the last stored one), by kind. */
export function changeLogLists(
  diff: ResourceDiff
): Array<{ kind: ChangeKind; records: ReadonlyArray<HarvestRecord | HarvestObject> }> {
  return [
    { kind: 'new' as const, records: diff.added },
    { kind: 'updated' as const, records: diff.updated },
    { kind: 'deleted' as const, records: diff.deleted }
  ].filter((list) => list.records.length > 0)
}

/** The company gets id 0. */
function asEntries(content: ResourceContent | undefined): TimeEntry[] {
  if (!content) return []
  if (content.kind === 'single') return [{ id: 0, object: content.object } as unknown as TimeEntry]
  return content.records as unknown as TimeEntry[]
}
