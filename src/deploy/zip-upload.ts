import { HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import { httpStatus } from '../errors.js'
import { sha256Hex } from '../util/hash.js'
import { step } from './aws-errors.js'

/** Where a zip goes: named by its SHA-256, so a key never holds two different codes. */
export function zipKey(zip: Buffer): string {
  return `harvest-s3-export/lambda/${sha256Hex(zip)}.zip`
}

/**
 * Uploads the zip to `bucket` under its content address unless it is already there. The key
 * changes exactly when the code does, which is what makes CloudFormation update the
 * function's code (it compares S3Key, never the object's bytes).
 */
export async function uploadZip(
  s3: S3Client,
  bucket: string,
  zip: Buffer
): Promise<{ key: string; sha256: string; uploaded: boolean }> {
  const key = zipKey(zip)
  const sha256 = sha256Hex(zip)
  const present = await step(`Checking s3://${bucket}/${key}`, async () => {
    try {
      await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))
      return true
    } catch (error) {
      if (httpStatus(error) === 404) return false
      throw error
    }
  })
  if (present) return { key, sha256, uploaded: false }
  await step(`Uploading the Lambda zip to s3://${bucket}/${key}`, () =>
    s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: zip,
        ContentType: 'application/zip',
        ChecksumSHA256: Buffer.from(sha256, 'hex').toString('base64')
      })
    )
  )
  return { key, sha256, uploaded: true }
}
