import type { S3Client } from '@aws-sdk/client-s3'
import { DeployError } from './aws-errors.js'
import { ensureBucket } from './bucket.js'
import type { DeployIo } from './io.js'
import type { StackResult } from './stack.js'

/**
 * The first step of both deploys: the clients' region (the bucket must be in it), then the
 * export bucket (--bucket) made sure of, owned by `owner` (the credentials' account).
 * Returns the region.
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
  const bucket = await ensureBucket(s3, options.bucket, {
    create: options.createBucket,
    region,
    kmsKey: options.kmsKey,
    flag: '--bucket',
    owner
  })
  io.out(
    `Bucket ${options.bucket}: ${bucket === 'created' ? 'created (private, encrypted)' : 'exists'}`
  )
  return region
}

/** What deploying the stack did, with one line per resource change. */
export function printStackResult(io: DeployIo, stackName: string, result: StackResult): void {
  io.out(
    `Stack ${stackName}: ${result.outcome === 'unchanged' ? 'no changes' : `${result.outcome} (${result.changes.length} resource changes)`}`
  )
  for (const change of result.changes) io.out(`    ${change}`)
}
