/**
 * The state object in the store: read and bound to the run's account and archive shape
 * before anything is written, and rewritten conditionally once the run has succeeded.
 */
import { SafetyError } from '../errors.js'
import { setting, words } from '../wording.js'
import { CONTENT_TYPES } from '../export/serialize.js'
import { commitObject } from '../export/sync-object.js'
import type { Store } from '../store/store.js'
import { Digests } from '../util/hash.js'
import { shapeConflict, type RunShape } from './archive-shape.js'
import { nextState, type RunFindings } from './next-state.js'
import { parseState } from './parse-state.js'
import { serializeState, stateKey, type SyncState } from './sync-state.js'

/** The state as read, and the ETag a rewrite is conditional on (null: there was none). */
export interface ReadState {
  state: SyncState | undefined
  etag: string | null
}

async function readState(store: Store, prefix: string): Promise<ReadState> {
  const key = stateKey(prefix)
  const stored = await store.get(key)
  return {
    state: stored ? parseState(stored.body.toString('utf8'), key) : undefined,
    etag: stored?.etag ?? null
  }
}

/** The prefix's state, checked to be of this run's account and shape before anything is written. */
export async function readBoundState(
  store: Store,
  binding: { prefix: string; accountId: string; shape: RunShape }
): Promise<ReadState> {
  const key = stateKey(binding.prefix)
  const read = await readState(store, binding.prefix)
  const { state } = read
  if (state && state.account_id !== binding.accountId) {
    throw new SafetyError(
      words`The archive under this prefix belongs to Harvest account ${state.account_id} (recorded in ${key}), but this run reads account ${binding.accountId}. Nothing was written. Check ${setting('harvestAccountId')}; to export another account use another ${setting('s3Prefix')}, or delete ${key} on purpose to bind this prefix to account ${binding.accountId}.`
    )
  }
  const conflict = state && shapeConflict(state, binding.shape, key)
  if (conflict) throw new SafetyError(conflict)
  return read
}

/** A conditional PUT of the state: on the ETag read at the start, or on no object. */
export async function writeState(
  store: Store,
  key: string,
  body: Buffer,
  etag: string | null
): Promise<boolean> {
  const current = etag === null ? undefined : { key, etag, size: 0 }
  const inspection = { key, digests: new Digests(body), contentType: CONTENT_TYPES.json, current }
  return (await commitObject(store, { ...inspection, unchanged: false })) === 'done'
}

/**
 * Records what a successful run learned, when the state changed (`nextState`). `write` is
 * conditional on `read.etag`; when another run wrote the state meanwhile, this builds on its
 * state instead, without moving synced_at past what that run saw.
 */
export async function recordState(
  store: Store,
  prefix: string,
  read: ReadState,
  findings: RunFindings,
  write: (body: Buffer, etag: string | null) => Promise<boolean>
): Promise<{ written?: SyncState; gaveUp: boolean }> {
  let { state: previous, etag } = read
  let run = findings
  for (let race = 1; race <= 5; race++) {
    const next = nextState(previous, run)
    if (!next.write) return { gaveUp: false }
    if (await write(serializeState(next.state), etag)) return { written: next.state, gaveUp: false }
    ;({ state: previous, etag } = await readState(store, prefix))
    run = { ...run, swept: false }
  }
  return { gaveUp: true }
}
