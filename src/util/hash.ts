import { createHash } from 'node:crypto'

export function md5Hex(body: Uint8Array): string {
  return createHash('md5').update(body).digest('hex')
}

export function sha256Hex(body: Uint8Array): string {
  return createHash('sha256').update(body).digest('hex')
}

/** A body's digests, each computed at most once, and none before a decision asks. */
export class Digests {
  private md5?: string
  private sha256?: string

  constructor(readonly body: Buffer) {}

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

  /** The ETag of single-part uploads is the MD5; a body of another size is not hashed at all. */
  isListedAs(etag: string, size: number): boolean {
    return this.size === size && this.md5Hex === etag
  }
}

/** S3 ETags arrive quoted (`"abc..."`), some servers' in upper case: compare them bare. */
export function unquoteEtag(etag: string): string {
  return etag.replace(/^W\//, '').replace(/^"|"$/g, '').toLowerCase()
}

/** As S3's `x-amz-checksum-sha256` takes it. */
export function sha256Base64(sha256Hex: string): string {
  return Buffer.from(sha256Hex, 'hex').toString('base64')
}
