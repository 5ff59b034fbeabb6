import {
  CreateBucketCommand,
  HeadBucketCommand,
  PutBucketEncryptionCommand,
  PutPublicAccessBlockCommand,
  type BucketLocationConstraint,
  type S3Client
} from '@aws-sdk/client-s3'
import { httpStatus } from '../errors.js'
import { DeployError, step } from './aws-errors.js'
import type { DeployIo } from './io.js'

/**
 * Makes sure `bucket` exists and belongs to `owner` (the account of the credentials: bucket
 * names are global, and one in another account must never receive the export or the code).
 * With `createBucket`, a missing bucket is created private: every public access blocked and
 * default encryption on (SSE-KMS with `kmsKey`, else SSE-S3). An existing bucket is never
 * reconfigured: its settings are its owner's.
 */
export async function ensureBucket(
  s3: S3Client,
  bucket: string,
  options: { createBucket: boolean; region: string; kmsKey: string; flag: string; owner: string }
): Promise<'exists' | 'created'> {
  const ExpectedBucketOwner = options.owner
  const found = await step(`Checking the bucket ${bucket}`, async () => {
    try {
      await s3.send(new HeadBucketCommand({ Bucket: bucket, ExpectedBucketOwner }))
      return true
    } catch (error) {
      if (httpStatus(error) === 404) return false
      if (httpStatus(error) === 301)
        throw new DeployError(
          `The bucket ${bucket} (${options.flag}) is in another region than ${options.region}: ` +
            "give the bucket's region with --region (the function must run where its bucket is)."
        )
      if (httpStatus(error) === 403)
        throw new DeployError(
          `The bucket ${bucket} (${options.flag}) exists but is not account ${options.owner}'s, or these credentials may not use it (403 Forbidden): ` +
            'S3 bucket names are global, so it may belong to another account; choose another name or grant s3:ListBucket.'
        )
      throw error
    }
  })
  if (found) return 'exists'
  if (!options.createBucket)
    throw new DeployError(
      `The bucket ${bucket} (${options.flag}) does not exist: create it, or add --create-bucket to let deploy create it (private, encrypted).`
    )
  await step(`Creating the bucket ${bucket} in ${options.region}`, () =>
    s3.send(
      new CreateBucketCommand({
        Bucket: bucket,
        // us-east-1 is the one region that refuses its own name as a location constraint.
        ...(options.region === 'us-east-1'
          ? {}
          : {
              CreateBucketConfiguration: {
                LocationConstraint: options.region as BucketLocationConstraint
              }
            })
      })
    )
  )
  await step(`Blocking public access to the bucket ${bucket}`, () =>
    s3.send(
      new PutPublicAccessBlockCommand({
        Bucket: bucket,
        ExpectedBucketOwner,
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          IgnorePublicAcls: true,
          BlockPublicPolicy: true,
          RestrictPublicBuckets: true
        }
      })
    )
  )
  await step(`Turning on default encryption of the bucket ${bucket}`, () =>
    s3.send(
      new PutBucketEncryptionCommand({
        Bucket: bucket,
        ExpectedBucketOwner,
        ServerSideEncryptionConfiguration: {
          Rules: [
            {
              ApplyServerSideEncryptionByDefault: options.kmsKey
                ? { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: options.kmsKey }
                : { SSEAlgorithm: 'AES256' },
              BucketKeyEnabled: Boolean(options.kmsKey)
            }
          ]
        }
      })
    )
  )
  return 'created'
}

/**
 * The first step of both deploys: the clients' region (the bucket must be in it), then the
 * export bucket (--bucket) made sure of. Returns the region.
 */
export async function ensureExportBucket(
  s3: S3Client,
  options: { bucket: string; createBucket: boolean; kmsKey: string },
  io: DeployIo,
  owner: string
): Promise<string> {
  const region = await s3.config.region().catch(() => {
    throw new DeployError(
      'No AWS region: give --region (e.g. --region eu-central-1) or set AWS_REGION.'
    )
  })
  const { bucket } = options
  const outcome = await ensureBucket(s3, bucket, { ...options, region, flag: '--bucket', owner })
  io.out(`Bucket ${bucket}: ${outcome === 'created' ? 'created (private, encrypted)' : 'exists'}`)
  return region
}
