import { createHash } from 'node:crypto'
import type { Utf8Text } from './utf8.js'

export function md5Hex(body: Uint8Array): string {
  return createHash('md5').update(body).digest('hex')
}

export function sha256Hex(body: Uint8Array): string {
  return createHash('sha256').update(body).digest('hex')
}

/**
 * A body's digests, each computed at most once however many decisions need it, and none
 * before a decision asks. Given as text, the body is encoded to a buffer of its own only
 * when the bytes themselves are needed (a PUT, a byte comparison): an unchanged object is
 * hashed from a scratch buffer and never copied.
 */
export class Digests {
  private bytes?: Buffer
  private text?: Utf8Text
  private length?: number
  private md5?: string
  private sha256?: string

  constructor(body: Buffer | Utf8Text) {
    if (Buffer.isBuffer(body)) this.bytes = body
    else this.text = body
  }

  get body(): Buffer {
    if (!this.bytes) {
      this.bytes = this.text!.bytes()
      this.text = undefined
    }
    return this.bytes
  }

  /** The body's length in bytes. */
  get size(): number {
    return this.bytes?.length ?? (this.length ??= this.text!.byteLength)
  }

  get md5Hex(): string {
    return (this.md5 ??= this.digest(md5Hex))
  }

  get md5Base64(): string {
    return Buffer.from(this.md5Hex, 'hex').toString('base64')
  }

  get sha256Hex(): string {
    return (this.sha256 ??= this.digest(sha256Hex))
  }

  /**
   * True when the body is the object S3 listed with this (unquoted) ETag and size, the ETag
   * being the MD5 of single-part uploads. A text is encoded once for it: a body of another
   * size is not hashed at all, and keeps the bytes it was encoded to for the PUT.
   */
  isListedAs(etag: string, size: number): boolean {
    if (this.bytes || this.md5 !== undefined) return this.size === size && this.md5Hex === etag
    return this.text!.withBytes((bytes) => {
      this.length = bytes.length
      // Another size is another body: keep its bytes, the PUT needs them. The same size
      // with another ETag may still be the same body (opaque ETags): no copy for that.
      if (bytes.length !== size) {
        this.keep(bytes)
        return false
      }
      return (this.md5 = md5Hex(bytes)) === etag
    })
  }

  private keep(bytes: Uint8Array): void {
    this.bytes = Buffer.allocUnsafe(bytes.length)
    this.bytes.set(bytes)
    this.text = undefined
  }

  private digest(hash: (bytes: Uint8Array) => string): string {
    if (this.bytes) return hash(this.bytes)
    return this.text!.withBytes((bytes) => {
      this.length = bytes.length
      return hash(bytes)
    })
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
