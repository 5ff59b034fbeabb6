import {
  CreateBucketCommand,
  GetObjectCommand,
  PutObjectCommand,
  PutObjectLockConfigurationCommand,
  S3Client
} from '@aws-sdk/client-s3'
import { createHash } from 'node:crypto'
import { S3Store } from '../../src/store/s3-store.js'
import { sha256Hex } from '../../src/util/hash.js'
import { Moto } from './support/moto.js'

const BUCKET = 'locked-export'
const REGION = 'eu-central-1'

/**
 * Object Lock buckets with a default retention refuse a PUT that carries neither Content-MD5
 * nor a checksum header. The store sends the SHA-256 it has (x-amz-checksum-sha256) and no
 * MD5: writes must still land there.
 */
describe('an Object Lock bucket with a default retention (moto)', () => {
  const moto = new Moto()
  let s3: S3Client
  let store: S3Store

  beforeAll(async () => {
    await moto.start()
    s3 = new S3Client({
      ...moto.clientConfig(REGION),
      forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED'
    })
    await s3.send(
      new CreateBucketCommand({
        Bucket: BUCKET,
        ObjectLockEnabledForBucket: true,
        CreateBucketConfiguration: { LocationConstraint: REGION }
      })
    )
    await s3.send(
      new PutObjectLockConfigurationCommand({
        Bucket: BUCKET,
        ObjectLockConfiguration: {
          ObjectLockEnabled: 'Enabled',
          Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 1 } }
        }
      })
    )
    store = new S3Store({ bucket: BUCKET, ...moto.clientConfig(REGION) })
  }, 60_000)

  afterAll(async () => {
    s3?.destroy()
    await moto.stop()
  })

  it('refuses a PUT without MD5 or checksum (what the store must not send)', async () => {
    await expect(
      s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'p/bare.json', Body: 'x' }))
    ).rejects.toThrow(/Content-MD5|checksum/i)
  })

  it('takes the store’s PUTs, new and conditional overwrites, with ETags as listed', async () => {
    const key = 'p/20250101.json'
    const body = Buffer.from('[\n  {\n    "id": 1,\n    "notes": "Café ✅"\n  }\n]\n')
    const created = await store.put(key, body, {
      contentType: 'application/json',
      sha256: sha256Hex(body),
      ifNoneMatch: true
    })
    expect(created).toBe(`"${createHash('md5').update(body).digest('hex')}"`)
    const [listed] = await store.list('p/', key, key)
    expect(listed.etag).toBe(created)

    const next = Buffer.from('[]\n')
    const replaced = await store.put(key, next, {
      contentType: 'application/json',
      sha256: sha256Hex(next),
      ifMatch: created
    })
    expect((await store.list('p/', key, key))[0].etag).toBe(replaced)
    const stored = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))
    expect(await stored.Body!.transformToString()).toBe('[]\n')
    expect(stored.Metadata?.sha256).toBe(sha256Hex(next))
  })
})
