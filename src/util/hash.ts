import { createHash } from 'node:crypto'

export function md5Hex(body: Buffer): string {
  return createHash('md5').update(body).digest('hex')
}

export function sha256Hex(body: Buffer): string {
  return createHash('sha256').update(body).digest('hex')
}

/** A body's digests, each computed at most once however many decisions need it. */
export class Digests {
  private md5?: string
  private sha256?: string

  constructor(readonly body: Buffer) {}

  get md5Hex(): string {
    return (this.md5 ??= md5Hex(this.body))
  }

  get md5Base64(): string {
    return Buffer.from(this.md5Hex, 'hex').toString('base64')
  }

  get sha256Hex(): string {
    return (this.sha256 ??= sha256Hex(this.body))
  }
}

/** S3 ETags arrive quoted (`"abc..."`), some servers' in upper case: compare them bare. */
export function unquoteEtag(etag: string): string {
  return etag.replace(/^W\//, '').replace(/^"|"$/g, '').toLowerCase()
}
