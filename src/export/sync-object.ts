import { StoreError } from '../errors.js'
import type { ListedObject, Store, StoredObject } from '../store/store.js'
import { PreconditionFailedError } from '../store/store.js'
import { Digests, unquoteEtag } from '../util/hash.js'

export interface WantedObject {
  key: string
  body: Buffer
  contentType: string
}

/** What the run knows of the stored object: a listing entry, that it is not listed, or nothing. */
export type KnownVersion =
  { state: 'listed'; object: ListedObject } | { state: 'not-listed' } | { state: 'ask-store' }

export const ASK_STORE: KnownVersion = { state: 'ask-store' }

export function fromListing(listed: ListedObject | undefined): KnownVersion {
  return listed ? { state: 'listed', object: listed } : { state: 'not-listed' }
}

export interface Inspection {
  key: string
  digests: Digests
  contentType: string
  unchanged: boolean
  /** The stored version the decision was made against; absent when there is no object. */
  current?: ListedObject
  /** The stored bytes, read only when they differ and the caller asked for them. */
  previous?: StoredObject
  /** The store holds the wanted bytes over `current` (our write, reply lost): commit nothing. */
  landed?: boolean
  /** The ETag the store gave the object `commitObject` wrote. */
  storedEtag?: string
}

/** `lost-race`: a conditional write found the object changed; it is inspected afresh. */
export type Decision = 'done' | 'lost-race'

/**
 * Whether the wanted body differs from the stored object, reading as little as possible: the
 * listed ETag settles it when it is the body's MD5; where ETags are opaque (SSE-KMS,
 * multipart) a HEAD's `x-amz-meta-sha256` does; differing content is downloaded only when
 * `wantPrevious` (the change report needs the old entries).
 */
export async function inspectObject(
  store: Store,
  wanted: WantedObject,
  known: KnownVersion,
  wantPrevious: boolean,
  digests = new Digests(wanted.body)
): Promise<Inspection> {
  const { key, contentType } = wanted
  // Unknown (after a lost race, or a single key): one HEAD gives the ETag and the checksum.
  const fresh = known.state === 'ask-store' ? await store.head(key) : undefined
  const listed = known.state === 'listed' ? known.object : undefined
  const current = fresh ? { key, etag: fresh.etag, size: fresh.size } : listed
  const result = { key, digests, contentType, current }
  if (!current) return { ...result, unchanged: false }
  if (digests.isListedAs(unquoteEtag(current.etag), current.size))
    return { ...result, unchanged: true }
  if (current.size === digests.size) {
    // Same length, different ETag: either an opaque ETag or an edit that kept the length.
    const head = fresh ?? (await store.head(key))
    // `current` is the version compared, which may have replaced the listed one meanwhile:
    // the state records its ETag as holding these bytes.
    if (head?.sha256 !== undefined && head.sha256 === digests.sha256Hex)
      return { ...result, current: { key, etag: head.etag, size: head.size }, unchanged: true }
  }
  if (!wantPrevious) return { ...result, unchanged: false }
  const previous = await store.get(key)
  if (!previous) return { ...result, current: undefined, unchanged: false }
  const compared = { key, etag: previous.etag, size: previous.size }
  // Objects written by other tools carry no checksum metadata: compare the bytes.
  if (previous.body.equals(digests.body)) return { ...result, current: compared, unchanged: true }
  return { ...result, current: compared, previous, unchanged: false }
}

/** Writes on condition that the stored version is still the one inspected. */
export async function commitObject(store: Store, inspection: Inspection): Promise<Decision> {
  if (inspection.landed) return 'done'
  try {
    inspection.storedEtag = await store.put(inspection.key, inspection.digests.body, {
      contentType: inspection.contentType,
      sha256: inspection.digests.sha256Hex,
      ifMatch: inspection.current?.etag,
      ifNoneMatch: inspection.current === undefined
    })
    return 'done'
  } catch (error) {
    if (error instanceof PreconditionFailedError) return 'lost-race'
    throw error
  }
}

const MAX_RACES = 5

export interface SyncRequest {
  wanted: WantedObject
  known: KnownVersion
  /** Read the stored bytes when they differ (the decision reports what changed). */
  wantPrevious: boolean
  /** An inspection already made (a held-back decision taken up again). */
  first?: Inspection
}

/** Inspects the wanted object and lets `decide` act on it, afresh after each lost race. */
export async function syncObject(
  store: Store,
  request: SyncRequest,
  decide: (inspection: Inspection) => Promise<Decision>
): Promise<void> {
  const { wanted, wantPrevious } = request
  // One set of digests for every inspection of the body: a lost race hashes nothing again.
  const digests = new Digests(wanted.body)
  let inspection =
    request.first ?? (await inspectObject(store, wanted, request.known, wantPrevious, digests))
  for (let race = 1; (await decide(inspection)) === 'lost-race'; race++) {
    if (race >= MAX_RACES) {
      throw new StoreError(
        `The object ${wanted.key} kept changing while this run wrote it (another export running at the same time?). ` +
          'Nothing of it was overwritten; run the export again.'
      )
    }
    const again = await inspectObject(store, wanted, ASK_STORE, wantPrevious, digests)
    // The wanted bytes after a lost race: the write landed (ours, its reply lost, or another
    // run's). The change is reported against what the store held before (README, change log).
    inspection = again.unchanged ? { ...inspection, landed: true } : again
  }
}
