import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig
} from '@aws-sdk/client-s3'
import {
  StoreError,
  describeError,
  errorMessage,
  errorName,
  httpStatus,
  withAdvice
} from '../errors.js'
import { setting, words, advice, type Wording } from '../wording.js'
import { Digests, sha256Base64 } from '../util/hash.js'
import type { ListedObject, PutOptions, Store, StoredHead, StoredObject } from './store.js'
import { PreconditionFailedError } from './store.js'

export interface S3StoreOptions {
  bucket: string
  region: string
  /** S3-compatible endpoint (MinIO, R2, a local server); implies path-style addressing. */
  endpoint?: string
  credentials?: S3ClientConfig['credentials']
}

const BUCKET = setting('s3Bucket')
const REGION = setting('awsRegion')

/** Each entry point may word the advice its own way. */
const S3_ADVICE = {
  noSuchBucket: advice('s3-no-such-bucket', words`check ${BUCKET} and ${REGION}`),
  noCredentials: advice('s3-no-credentials', [
    "give them through the AWS SDK's default chain (environment, profile, SSO, an instance role)"
  ]),
  otherRegion: advice('s3-other-region', words`set ${REGION} to the bucket's region`)
}

/** Only GetObject, PutObject and ListBucket are ever used. */
export class S3Store implements Store {
  readonly location: string
  private readonly client: S3Client
  /** Cleared once the server refuses them (Backblaze B2 and others refuse checksum headers). */
  private conditionalWrites = true
  private checksumHeaders = true

  constructor(private readonly options: S3StoreOptions) {
    this.location = `s3://${options.bucket}/`
    const custom = Boolean(
      options.endpoint || process.env.AWS_ENDPOINT_URL_S3 || process.env.AWS_ENDPOINT_URL
    )
    this.client = new S3Client({
      region: options.region,
      endpoint: options.endpoint,
      forcePathStyle: custom,
      credentials: options.credentials,
      maxAttempts: 6,
      // Every upload carries the SHA-256 (see `put`): the SDK's CRC32 on top would be one more
      // pass over every body, and several S3-compatible servers mishandle its streamed form.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED'
    })
  }

  async list(prefix: string, from: string, to: string): Promise<ListedObject[]> {
    const objects: ListedObject[] = []
    let token: string | undefined
    // StartAfter skips the archive before the window: one LIST page for a typical run.
    const startAfter = from > prefix ? previousKey(from) : undefined
    do {
      const command = new ListObjectsV2Command({
        Bucket: this.options.bucket,
        Prefix: prefix,
        StartAfter: token ? undefined : startAfter,
        ContinuationToken: token
      })
      const page = await this.client.send(command).catch((error: unknown) => {
        throw s3Failure('list', prefix, this.options.bucket, error)
      })
      for (const item of page.Contents ?? []) {
        if (!item.Key || item.Key < from) continue
        if (item.Key > to) return objects
        objects.push({ key: item.Key, etag: item.ETag ?? '', size: item.Size ?? 0 })
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined
    } while (token)
    return objects
  }

  head(key: string): Promise<StoredHead | undefined> {
    return this.read(key, async () => {
      const head = await this.client.send(
        new HeadObjectCommand({ Bucket: this.options.bucket, Key: key })
      )
      return { etag: head.ETag ?? '', size: head.ContentLength ?? 0, sha256: head.Metadata?.sha256 }
    })
  }

  get(key: string): Promise<StoredObject | undefined> {
    return this.read(key, async () => {
      const object = await this.client.send(
        new GetObjectCommand({ Bucket: this.options.bucket, Key: key })
      )
      const body = Buffer.from((await object.Body?.transformToByteArray()) ?? new Uint8Array())
      return { body, etag: object.ETag ?? '', size: body.length, sha256: object.Metadata?.sha256 }
    })
  }

  async put(key: string, body: Buffer, options: PutOptions): Promise<string | undefined> {
    const conditional = this.conditionalWrites
    const checksum = this.checksumHeaders
    try {
      const command = new PutObjectCommand({
        Bucket: this.options.bucket,
        Key: key,
        Body: body,
        ContentType: options.contentType,
        // Also satisfies Object Lock buckets ("Content-MD5 or x-amz-sdk-checksum-algorithm");
        // given, the SDK computes none. Content-MD5 only when the caller has it, or for a
        // server that refuses checksum headers: an MD5 of every body is one more pass.
        ChecksumAlgorithm: checksum ? 'SHA256' : undefined,
        ChecksumSHA256: checksum ? sha256Base64(options.sha256) : undefined,
        ContentMD5: options.md5 || (checksum ? undefined : new Digests(body).md5Base64),
        Metadata: { sha256: options.sha256 },
        IfMatch: conditional ? options.ifMatch : undefined,
        IfNoneMatch: conditional && options.ifNoneMatch ? '*' : undefined
      })
      // SigV4 signs the body's SHA-256: given here, the signer does not hash the body again.
      command.middlewareStack.add(
        (next) => (args) => {
          const request = args.request as { headers?: Record<string, string> }
          if (request.headers) request.headers['x-amz-content-sha256'] = options.sha256
          return next(args)
        },
        { step: 'build', name: 'knownPayloadSha256' }
      )
      return (await this.client.send(command)).ETag
    } catch (error) {
      const status = httpStatus(error)
      const name = errorName(error)
      // 409 ConditionalRequestConflict: another conditional write to the key is in flight.
      const conflict = status === 409 && name === 'ConditionalRequestConflict'
      if (status === 412 || name === 'PreconditionFailed' || conflict)
        throw new PreconditionFailedError(key)
      if (checksum && refusesChecksum(status, error)) {
        // Some S3-compatible servers reject x-amz-checksum-* (400, 501): Content-MD5 from now
        // on. Checked before the conditional-write fallback, which a 501 would trigger.
        this.checksumHeaders = false
        return this.put(key, body, options)
      }
      if (conditional && (status === 501 || name === 'NotImplemented')) {
        // Older S3-compatible servers reject conditional headers; write unconditionally.
        this.conditionalWrites = false
        return this.put(key, body, options)
      }
      throw s3Failure('write', key, this.options.bucket, error)
    }
  }

  /** A missing object is `undefined`; any other read error fails (it is never "no data"). */
  private async read<T>(key: string, send: () => Promise<T>): Promise<T | undefined> {
    try {
      return await send()
    } catch (error) {
      if (isNotFound(error)) return undefined
      throw s3Failure('read', key, this.options.bucket, error)
    }
  }
}

/** A refusal of the checksum headers themselves, not of the body (BadDigest is a 400 too). */
function refusesChecksum(status: number | undefined, error: unknown): boolean {
  if (status !== 400 && status !== 501) return false
  if (errorName(error) === 'BadDigest') return false
  return /x-amz-(sdk-)?checksum/i.test(errorMessage(error))
}

/** The greatest key sorting before `key`, for ListObjectsV2's exclusive StartAfter. */
function previousKey(key: string): string {
  const last = key.charCodeAt(key.length - 1)
  return last > 0 ? key.slice(0, -1) + String.fromCharCode(last - 1) + '\uffff' : key.slice(0, -1)
}

function isNotFound(error: unknown): boolean {
  const name = errorName(error)
  const status = httpStatus(error)
  return name === 'NoSuchKey' || name === 'NotFound' || (status === 404 && name !== 'NoSuchBucket')
}

function s3Failure(
  action: 'list' | 'read' | 'write',
  key: string,
  bucket: string,
  error: unknown
): StoreError {
  const name = errorName(error)
  const status = httpStatus(error)
  const permission = { list: 's3:ListBucket', read: 's3:GetObject', write: 's3:PutObject' }[action]
  let advised: Wording = []
  if (name === 'NoSuchBucket')
    advised = words`The bucket ${bucket} does not exist: ${S3_ADVICE.noSuchBucket}.`
  else if (name === 'AccessDenied' || status === 403)
    advised = [
      `Check the credentials and that their IAM policy allows ${permission} on the bucket/prefix.`
    ]
  else if (name === 'CredentialsProviderError' || /credential/i.test(name))
    advised = words`No AWS credentials were found: ${S3_ADVICE.noCredentials}.`
  else if (name === 'PermanentRedirect' || status === 301)
    advised = words`The bucket is in another region: ${S3_ADVICE.otherRegion}.`
  const quoted = withAdvice(`Could not ${action} s3://${bucket}/${key}: ${describeError(error)}`)
  const wording = advised.length > 0 ? words`${quoted} ${advised}` : [quoted]
  return new StoreError(wording, { cause: error })
}
