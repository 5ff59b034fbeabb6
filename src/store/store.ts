/** S3 (or an S3-compatible server) or a local directory: the engine never knows which. */

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
  /** Hex: it signs the upload, lets S3 verify the bytes, and is kept as `x-amz-meta-sha256`. */
  sha256: string
  /** Base64, sent as Content-MD5 when a caller has it anyway (the SHA-256 already protects). */
  md5?: string
  ifMatch?: string
  /** Write only if no object exists at the key yet. */
  ifNoneMatch?: boolean
}

export interface Store {
  /** e.g. `s3://bucket/prefix/` (never holds credentials). */
  readonly location: string
  /** Every object whose key starts with `prefix` and sorts within [`from`, `to`]. */
  list(prefix: string, from: string, to: string): Promise<ListedObject[]>
  head(key: string): Promise<StoredHead | undefined>
  get(key: string): Promise<StoredObject | undefined>
  /** The new ETag as `list` will report it (undefined only when the server sent none). */
  put(key: string, body: Buffer, options: PutOptions): Promise<string | undefined>
}

/** A conditional write lost a race with another writer. */
export class PreconditionFailedError extends Error {
  constructor(readonly key: string) {
    super(`the object ${key} changed while this run was writing it`)
    this.name = 'PreconditionFailedError'
  }
}
