import { context } from '@actions/github'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { AwsSettings, PublishSettings } from '../config/config.js'
import { ConfigError } from '../errors.js'
import { createStore } from '../connect.js'
import { Digests } from '../util/hash.js'
import { buildLambdaZip, LAMBDA_ZIP_NAME } from './lambda-zip.js'
import { replaceReleaseAsset, type ReleaseTarget } from './release-asset.js'
import { updateFunctionCode } from './update-function.js'

export interface PublishResult {
  assetUrl: string
  sha256: string
}

/**
 * `command: publish-lambda`: zips the Lambda bundle this action version ships with (so the
 * asset matches the tag's source), attaches it to the release, and optionally uploads it to
 * S3 and deploys it to a function.
 */
export async function publishLambda(
  settings: PublishSettings,
  aws: AwsSettings,
  log: (message: string) => void
): Promise<PublishResult> {
  // parseConfig has checked the inputs; only what it cannot see (the event, the repository) is checked here.
  const { githubToken = '', lambdaS3Key, bucket, lambdaFunctionName } = settings
  const release = releaseTarget(settings.releaseTag)

  const zip = await buildLambdaZip(defaultBundleDir())
  const digests = new Digests(zip)
  log(`${LAMBDA_ZIP_NAME}: ${zip.length} bytes, sha256 ${digests.sha256Hex}`)

  const assetUrl = await replaceReleaseAsset(
    {
      apiUrl: process.env.GITHUB_API_URL || 'https://api.github.com',
      token: githubToken,
      release,
      name: LAMBDA_ZIP_NAME,
      body: zip,
      contentType: 'application/zip'
    },
    log
  )
  const s3 = lambdaS3Key && bucket ? { bucket, key: lambdaS3Key } : undefined
  if (s3) {
    // The export's own S3 store: same region, credentials and endpoint handling.
    const store = createStore({ kind: 's3', bucket: s3.bucket, endpoint: settings.endpoint }, aws)
    await store.put(s3.key, zip, {
      contentType: 'application/zip',
      md5: digests.md5Base64,
      sha256: digests.sha256Hex
    })
    log(`Uploaded the zip to s3://${s3.bucket}/${s3.key}`)
  }
  if (lambdaFunctionName) {
    await updateFunctionCode(
      { functionName: lambdaFunctionName, zip, sha256: digests.sha256Hex, s3 },
      aws,
      log
    )
  }
  return { assetUrl, sha256: digests.sha256Hex }
}

/** This repository and the release: release-tag, else the release that triggered the workflow. */
function releaseTarget(releaseTag: string | undefined): ReleaseTarget {
  const tag =
    releaseTag ?? (context.payload.release as { tag_name?: unknown } | undefined)?.tag_name
  if (typeof tag !== 'string' || tag === '') {
    throw new ConfigError([
      'Missing input release-tag: name the release to attach the Lambda zip to (e.g. v1.2.0), or run publish-lambda on a release event.'
    ])
  }
  const [owner, repo] = (process.env.GITHUB_REPOSITORY ?? '').split('/')
  if (!owner || !repo)
    throw new ConfigError([
      'GITHUB_REPOSITORY is not set (owner/repo): publish-lambda runs in a GitHub Actions workflow.'
    ])
  return { owner, repo, tag }
}

/** dist/lambda next to the running dist/index.js: the handler of this very action version. */
function defaultBundleDir(): string {
  return join(dirname(fileURLToPath(import.meta.url)), 'lambda')
}
