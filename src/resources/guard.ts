import { SafetyError } from '../errors.js'
import { setting, words } from '../wording.js'
import type { ResourceSpec } from './catalog.js'
import type { ResourceContent } from './records.js'

/**
 * The empty-window guard for one resource: Harvest listing no records while the stored
 * object holds some is what a wrong account or a token that lost its rights looks like,
 * so it takes `allowEmpty` to overwrite them. Returns the refusal, or undefined to go on.
 */
export function emptyListRefusal(
  resource: ResourceSpec,
  fetched: ResourceContent,
  stored: ResourceContent | undefined,
  allowEmpty: boolean
): SafetyError | undefined {
  if (allowEmpty || fetched.kind !== 'list' || fetched.records.length > 0) return undefined
  if (stored?.kind !== 'list' || stored.records.length === 0) return undefined
  return new SafetyError(
    words`Harvest listed no ${resource.name}, but the stored ${resource.name} object holds ${stored.records.length} records. Refusing to overwrite them with nothing: check ${setting('harvestAccountId')} and that the token's user is ${resource.permission}. If they really were all deleted, re-run with ${setting('allowEmpty', 'true')}.`
  )
}
