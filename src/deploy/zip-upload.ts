import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import { httpStatus } from '../errors.js'
import { sha256Hex } from '../util/hash.js'
import { step } from './aws-errors.js'

/** Where a zip goes: named by its SHA-256, so a key never holds two different codes. */
export function zipKey(zip: Buffer): string {
  return `harvest-s3-export/lambda/${sha256Hex(zip)}.zip`
}

/**
 * Uploads the zip to `bucket` under its content address unless the very same bytes are
 * already there. The key changes exactly when the code does, which is what makes
 * CloudFormation update the function's code (it compares S3Key, never the object's bytes).
 * An object at the key is trusted only once its SHA-256 is checked: anyone who may write to
 * the bucket could have put other code there, which the function would then run with the
 * token. Resolves to what it did, for the output.
 */
export async function uploadZip(
  s3: S3Client,
  bucket: string,
  zip: Buffer,
  owner: string
): Promise<string> {
  const key = zipKey(zip)
  const sha256 = sha256Hex(zip)
  const found = await step(`Checking s3://${bucket}/${key}`, async () => {
    try {
      const object = await s3.send(
        new GetObjectCommand({ Bucket: bucket, Key: key, ExpectedBucketOwner: owner })
      )
      return sha256Hex(Buffer.from(await object.Body!.transformToByteArray()))
    } catch (error) {
      if (httpStatus(error) === 404) return undefined
      throw error
    }
  })
  if (found === sha256) return 'already there (same SHA-256)'
  await step(`Uploading the Lambda zip to s3://${bucket}/${key}`, () =>
    s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: zip,
        ContentType: 'application/zip',
        ChecksumSHA256: Buffer.from(sha256, 'hex').toString('base64'),
        ExpectedBucketOwner: owner
      })
    )
  )
  if (found === undefined) return 'uploaded'
  return 'replaced: the object there was not the shipped zip (its SHA-256 differed)'
}
