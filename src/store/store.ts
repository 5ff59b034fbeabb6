/**
 * What the exporter needs from a place that keeps files: S3 (or an S3-compatible server)
 * and a local directory implement it, so the engine never knows which one it writes to.
 */

export interface ListedObject {
  key: string
  /** As S3 returns it, quoted; the MD5 of the body for single-part SSE-S3 uploads. */
  etag: string
  size: number
}

export interface StoredHead {
  etag: string
  size: number
  /** The body's SHA-256 (hex) this tool stored as metadata, when present. */
  sha256?: string
}

export interface StoredObject extends StoredHead {
  body: Buffer
}

export interface PutOptions {
  contentType: string
  /**
   * The body's SHA-256 (hex), which the caller has computed anyway: it signs the upload,
   * lets S3 verify the bytes it received, and is kept as `x-amz-meta-sha256`.
   */
  sha256: string
  /**
   * The body's MD5 (base64), sent as Content-MD5 when a caller has it anyway. Not needed:
   * the SHA-256 already protects the upload, so the engine never computes one for a write.
   */
  md5?: string
  /** Write only if the object still has this ETag (it was read at that version). */
  ifMatch?: string
  /** Write only if no object exists at the key yet. */
  ifNoneMatch?: boolean
}

export interface Store {
  /** Human-readable location, e.g. `s3://bucket/prefix/` (never holds credentials). */
  readonly location: string
  /** Every object whose key starts with `prefix` and sorts within [`from`, `to`]. */
  list(prefix: string, from: string, to: string): Promise<ListedObject[]>
  head(key: string): Promise<StoredHead | undefined>
  get(key: string): Promise<StoredObject | undefined>
  /**
   * Writes the object and returns its new ETag as `list` will report it (quoted; undefined
   * only when the server sent none). Throws `PreconditionFailedError` when a condition does
   * not hold.
   */
  put(key: string, body: Buffer, options: PutOptions): Promise<string | undefined>
}

/** A conditional write lost a race with another writer: re-read the object and decide again. */
export class PreconditionFailedError extends Error {
  constructor(readonly key: string) {
    super(`the object ${key} changed while this run was writing it`)
    this.name = 'PreconditionFailedError'
  }
}
