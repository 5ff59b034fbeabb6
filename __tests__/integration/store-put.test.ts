import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { LocalS3 } from '../../sandbox/local-s3.js'
import { DirStore } from '../../src/store/dir-store.js'
import { S3Store } from '../../src/store/s3-store.js'
import { PreconditionFailedError, type Store } from '../../src/store/store.js'
import { sha256Hex } from '../../src/util/hash.js'
import { removeDir, tempDir } from '../support/harness.js'

const body = Buffer.from('[\n  {\n    "id": 1,\n    "notes": "Café ✅ 株式会社"\n  }\n]\n')
const options = { contentType: 'application/json', sha256: sha256Hex(body) }

async function listedEtag(store: Store, key: string): Promise<string | undefined> {
  return (await store.list('p/', key, key)).find((object) => object.key === key)?.etag
}

describe('a PUT returns the ETag the listing then reports', () => {
  let s3: LocalS3
  let store: S3Store

  beforeEach(async () => {
    s3 = await new LocalS3().start()
    store = new S3Store({
      bucket: s3.bucket,
      region: 'us-east-1',
      endpoint: s3.endpoint,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }
    })
  })

  afterEach(() => s3.stop())

  it('S3: the quoted ETag of the new object, for a new key and an overwrite', async () => {
    const first = await store.put('p/20250101.json', body, { ...options, ifNoneMatch: true })
    expect(first).toBe(`"${createHash('md5').update(body).digest('hex')}"`)
    expect(await listedEtag(store, 'p/20250101.json')).toBe(first)

    const next = Buffer.from('[]\n')
    const second = await store.put('p/20250101.json', next, {
      contentType: 'application/json',
      sha256: sha256Hex(next),
      ifMatch: first
    })
    expect(second).not.toBe(first)
    expect(await listedEtag(store, 'p/20250101.json')).toBe(second)
    expect(await s3.getText('p/20250101.json')).toBe('[]\n')
  })

  it('S3 with opaque ETags (SSE-KMS): the ETag as the server shows it, not an MD5', async () => {
    s3.opaqueEtags = true
    const etag = await store.put('p/20250102.json', body, options)
    expect(etag).not.toBe(`"${createHash('md5').update(body).digest('hex')}"`)
    expect(await listedEtag(store, 'p/20250102.json')).toBe(etag)
  })

  it('S3: the body travels with its SHA-256 as checksum and metadata, and no Content-MD5', async () => {
    await store.put('p/20250103.json', body, options)
    const [put] = s3.requests.filter((request) => request.kind === 'put')
    const sha256 = createHash('sha256').update(body)
    expect(put.headers['x-amz-checksum-sha256']).toBe(sha256.copy().digest('base64'))
    expect(put.headers['x-amz-sdk-checksum-algorithm']).toBe('SHA256')
    expect(put.headers['x-amz-content-sha256']).toBe(sha256.digest('hex'))
    expect(put.headers['x-amz-meta-sha256']).toBe(options.sha256)
    expect(put.headers['content-md5']).toBeUndefined()
    expect(await store.head('p/20250103.json')).toMatchObject({ sha256: options.sha256 })
  })

  it('S3-compatible servers that refuse checksum headers get Content-MD5, after one refusal', async () => {
    // Backblaze B2 answers 400 for x-amz-checksum-*: the store falls back to Content-MD5.
    s3.interceptor = (request) =>
      request.kind === 'put' && request.headers['x-amz-checksum-sha256']
        ? {
            status: 400,
            body: "<Error><Code>InvalidArgument</Code><Message>Unsupported header 'x-amz-checksum-sha256' received for this API call.</Message></Error>"
          }
        : undefined
    const first = await store.put('p/20250104.json', body, { ...options, ifNoneMatch: true })
    const next = Buffer.from('[]\n')
    await store.put('p/20250105.json', next, { ...options, sha256: sha256Hex(next) })
    const puts = s3.requests.filter((request) => request.kind === 'put')
    expect(puts.map((request) => request.status)).toEqual([400, 200, 200])
    const md5 = (bytes: Buffer) => createHash('md5').update(bytes).digest('base64')
    expect(puts[1].headers['content-md5']).toBe(md5(body))
    expect(puts[1].headers['x-amz-checksum-sha256']).toBeUndefined()
    // Still conditional: the fallback is for the checksum only.
    expect(puts[1].headers['if-none-match']).toBe('*')
    expect(puts[2].headers['content-md5']).toBe(md5(next))
    expect(await listedEtag(store, 'p/20250104.json')).toBe(first)
    expect(await s3.getText('p/20250105.json')).toBe('[]\n')
  })

  it('a 501 for the checksum header (R2) falls back to Content-MD5 and keeps conditional writes', async () => {
    let refused = 0
    s3.interceptor = (request) =>
      request.kind === 'put' && request.headers['x-amz-checksum-sha256'] && refused++ === 0
        ? {
            status: 501,
            body: "<Error><Code>NotImplemented</Code><Message>Header 'x-amz-checksum-sha256' with value 'abc' not implemented</Message></Error>"
          }
        : undefined
    await store.put('p/20250106.json', body, { ...options, ifNoneMatch: true })
    await expect(
      store.put('p/20250106.json', body, { ...options, ifNoneMatch: true })
    ).rejects.toThrow(PreconditionFailedError)
    const puts = s3.requests.filter((request) => request.kind === 'put')
    expect(puts.map((request) => request.status)).toEqual([501, 200, 412])
    expect(puts.map((request) => request.headers['if-none-match'])).toEqual(['*', '*', '*'])
  })

  it('a bad digest is a failed write, not a refused header', async () => {
    s3.interceptor = (request) =>
      request.kind === 'put'
        ? {
            status: 400,
            body: '<Error><Code>BadDigest</Code><Message>The x-amz-checksum-sha256 you specified did not match the calculated checksum.</Message></Error>'
          }
        : undefined
    await expect(store.put('p/bad.json', body, options)).rejects.toThrow(/BadDigest/)
    expect(s3.requests.filter((request) => request.kind === 'put')).toHaveLength(1)
  })

  it('directory: the quoted MD5 of the file, as list and get report it', async () => {
    const dir = await tempDir()
    try {
      const local = new DirStore(join(dir, 'out'))
      const etag = await local.put('p/20250101.json', body, options)
      expect(etag).toBe(`"${createHash('md5').update(body).digest('hex')}"`)
      expect(await listedEtag(local, 'p/20250101.json')).toBe(etag)
      expect((await local.get('p/20250101.json'))?.etag).toBe(etag)
    } finally {
      await removeDir(dir)
    }
  })
})
