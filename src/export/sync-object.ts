import { StoreError } from '../errors.js'
import type { ListedObject, Store, StoredObject } from '../store/store.js'
import { PreconditionFailedError } from '../store/store.js'
import { Digests, unquoteEtag } from '../util/hash.js'

export interface InspectRequest {
  key: string
  body: Buffer
  contentType: string
  known: ListedObject | null | undefined
  wantPrevious: boolean
}

/** What a run wants at one key, and how its bytes compare with what is stored there. */
export interface Inspection {
  key: string
  body: Digests
  contentType: string
  unchanged: boolean
  /** The stored version the decision was made against; absent when there is no object. */
  current?: ListedObject
  /** The stored bytes, read only when they differ and the caller asked for them. */
  previous?: StoredObject
}

/**
 * Decides whether `body` differs from the object at `key` while reading as little as
 * possible: the listed ETag settles it when it is the body's MD5; where ETags are opaque
 * (SSE-KMS, multipart) a HEAD's `x-amz-meta-sha256` does; only content that really differs
 * is downloaded, and only when `wantPrevious` (the change report needs the old entries).
 *
 * `known` is the object as listed (`null` when the listing showed none); `undefined` asks
 * the store afresh, as after a lost race.
 */
async function inspectObject(store: Store, request: InspectRequest): Promise<Inspection> {
  const { key, contentType } = request
  const body = new Digests(request.body)
  // Unknown (after a lost race, or a single key): one HEAD gives the ETag and the checksum.
  const fresh = request.known === undefined ? await store.head(key) : undefined
  const current: ListedObject | undefined = fresh
    ? { key, etag: fresh.etag, size: fresh.size }
    : (request.known ?? undefined)
  const result = { key, body, contentType, current }
  if (!current) return { ...result, unchanged: false }
  if (unquoteEtag(current.etag) === body.md5Hex) return { ...result, unchanged: true }
  if (current.size === body.body.length) {
    // Same length, different ETag: either an opaque ETag or an edit that kept the length.
    const head = fresh ?? (await store.head(key))
    if (head?.sha256 === body.sha256Hex) return { ...result, unchanged: true }
  }
  if (!request.wantPrevious) return { ...result, unchanged: false }
  const previous = await store.get(key)
  if (!previous) return { ...result, current: undefined, unchanged: false }
  // Objects written by other tools carry no checksum metadata: compare the bytes.
  if (previous.body.equals(body.body)) return { ...result, unchanged: true }
  return {
    ...result,
    current: { key, etag: previous.etag, size: previous.size },
    previous,
    unchanged: false
  }
}

/**
 * Writes an inspected object, conditional on the stored version still being the one that
 * was inspected. Returns false when another writer changed it first: the caller re-inspects
 * and decides again.
 */
export async function commitObject(store: Store, inspection: Inspection): Promise<boolean> {
  try {
    await store.put(inspection.key, inspection.body.body, {
      contentType: inspection.contentType,
      sha256: inspection.body.sha256Hex,
      md5: inspection.body.md5Base64,
      ifMatch: inspection.current?.etag,
      ifNoneMatch: inspection.current === undefined
    })
    return true
  } catch (error) {
    if (error instanceof PreconditionFailedError) return false
    throw error
  }
}

/** How many times one key is re-read and re-decided after losing a race before giving up. */
const MAX_RACES = 5

/**
 * Inspects `request.key` (or starts from `first`) and lets `decide` act on it. `decide`
 * returns false when its conditional write lost a race to another writer; the object is
 * then inspected afresh and decided again.
 */
export async function syncObject(
  store: Store,
  request: InspectRequest,
  decide: (inspection: Inspection) => Promise<boolean>,
  first?: Inspection
): Promise<void> {
  let inspection = first ?? (await inspectObject(store, request))
  for (let race = 1; !(await decide(inspection)); race++) {
    if (race >= MAX_RACES) {
      throw new StoreError(
        `The object ${request.key} kept changing while this run wrote it (another export running at the same time?). ` +
          'Nothing of it was overwritten; run the export again.'
      )
    }
    inspection = await inspectObject(store, { ...request, known: undefined })
  }
}
