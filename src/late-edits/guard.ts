import { setting, words, type Wording } from '../wording.js'
/**
 * The mass-delete guard (README, Safety): a token whose user lost admin rights returns only
 * that user's entries, and mirroring that would wipe everyone else's history.
 */

/** Deletes below this many never trip the guard: small archives lose whole days legitimately. */
const MASS_DELETE_MIN = 100

interface DeleteEstimate {
  /** Entries the store holds for the days the run compares (window and swept days). */
  stored: number
  /** Entries the run would remove from those days. */
  deleted: number
}

/** True when the run must refuse: more than half of what it compares, and at least 100. */
export function isMassDelete({ stored, deleted }: DeleteEstimate, allowEmpty: boolean): boolean {
  return !allowEmpty && deleted >= MASS_DELETE_MIN && deleted * 2 > stored
}

/**
 * What the counts alone say a run would delete, before it reads or writes any day: for
 * each period compared, how many fewer entries Harvest reports than the store holds.
 */
export function estimateDeletes(
  periods: ReadonlyArray<{ stored: number; harvest: number }>
): DeleteEstimate {
  let stored = 0
  let deleted = 0
  for (const period of periods) {
    stored += period.stored
    deleted += Math.max(0, period.stored - period.harvest)
  }
  return { stored, deleted }
}

/** The refusal; the entry point spells the settings it names. */
export function massDeleteMessage(estimate: DeleteEstimate, where: string): Wording {
  return words`Harvest reports ${estimate.deleted} fewer entries than the store holds for ${where} (${estimate.stored} stored): this run would delete more than half of them. Refusing to write anything: a token whose user lost admin rights sees only that user's entries, and a wrong account id sees none: check ${setting('harvestAccountId')} and ${setting('harvestAccessToken')}; if the entries really were deleted, re-run with ${setting('allowEmpty', 'true')}.`
}
