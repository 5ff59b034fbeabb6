import { createHash } from 'node:crypto'

export function md5Hex(body: Buffer): string {
  return createHash('md5').update(body).digest('hex')
}

export function md5Base64(body: Buffer): string {
  return createHash('md5').update(body).digest('base64')
}

export function sha256Hex(body: Buffer): string {
  return createHash('sha256').update(body).digest('hex')
}

/** S3 ETags arrive quoted (`"abc..."`); compare them without the quotes. */
export function unquoteEtag(etag: string): string {
  return etag.replace(/^W\//, '').replace(/^"|"$/g, '')
}
