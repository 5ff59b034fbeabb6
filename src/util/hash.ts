import { createHash } from 'node:crypto'

export function md5Hex(body: Uint8Array): string {
  return createHash('md5').update(body).digest('hex')
}

export function sha256Hex(body: Uint8Array): string {
  return createHash('sha256').update(body).digest('hex')
}

/**
 * A body's digests, each computed at most once however many decisions need it, and none
 * before a decision asks.
 */
export class Digests {
  private md5?: string
  private sha256?: string

  constructor(readonly body: Buffer) {}

  /** The body's length in bytes. */
  get size(): number {
    return this.body.length
  }

  get md5Hex(): string {
    return (this.md5 ??= md5Hex(this.body))
  }

  get md5Base64(): string {
    return Buffer.from(this.md5Hex, 'hex').toString('base64')
  }

  get sha256Hex(): string {
    return (this.sha256 ??= sha256Hex(this.body))
  }

  /**
   * True when the body is the object S3 listed with this (unquoted) ETag and size, the ETag
   * being the MD5 of single-part uploads. A body of another size is not hashed at all.
   */
  isListedAs(etag: string, size: number): boolean {
    return this.size === size && this.md5Hex === etag
  }
}

/** S3 ETags arrive quoted (`"abc..."`), some servers' in upper case: compare them bare. */
export function unquoteEtag(etag: string): string {
  return etag.replace(/^W\//, '').replace(/^"|"$/g, '').toLowerCase()
}

/** SHA-256 as S3's `x-amz-checksum-sha256` takes it: base64, from the hex this tool keeps. */
export function sha256Base64(sha256Hex: string): string {
  return Buffer.from(sha256Hex, 'hex').toString('base64')
}
