import { context, getOctokit } from '@actions/github'
import { retry } from '@octokit/plugin-retry'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { AwsSettings, PublishSettings } from '../config/config.js'
import { createStore } from '../connect.js'
import { ConfigError, UserError, errorMessage, withAdvice } from '../errors.js'
import { Digests } from '../util/hash.js'
import { buildLambdaZip, LAMBDA_ZIP_NAME } from './lambda-zip.js'
import { updateFunctionCode } from './update-function.js'

/** The release to attach the zip to, and how to reach GitHub's API. */
type Release = ReturnType<typeof releaseOf>

/**
 * `command: publish-lambda`: zips the Lambda bundle this action version ships with (so the
 * asset matches the tag's source), attaches it to the release, and optionally uploads it to
 * S3 and deploys it to a function.
 */
export async function publishLambda(
  settings: PublishSettings,
  aws: AwsSettings,
  log: (message: string) => void
): Promise<{ assetUrl: string; sha256: string }> {
  // parseConfig has checked the inputs; only what it cannot see (the event, the repository) is checked here.
  const { lambdaS3Key, bucket, lambdaFunctionName } = settings
  const release = releaseOf(settings)
  // dist/lambda next to the running dist/index.js: the handler of this very action version.
  const zip = await buildLambdaZip(join(dirname(fileURLToPath(import.meta.url)), 'lambda'))
  const digests = new Digests(zip)
  log(`${LAMBDA_ZIP_NAME}: ${zip.length} bytes, sha256 ${digests.sha256Hex}`)

  const assetUrl = await replaceReleaseAsset(release, zip, log)
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
    const code = { functionName: lambdaFunctionName, zip, sha256: digests.sha256Hex, s3 }
    await updateFunctionCode(code, aws, log)
  }
  return { assetUrl, sha256: digests.sha256Hex }
}

/** This repository and the release: release-tag, else the release that triggered the workflow. */
function releaseOf(settings: PublishSettings) {
  const tag =
    settings.releaseTag ?? (context.payload.release as { tag_name?: unknown } | undefined)?.tag_name
  if (typeof tag !== 'string' || tag === '')
    throw new ConfigError([
      'Missing input release-tag: name the release to attach the Lambda zip to (e.g. v1.2.0), or run publish-lambda on a release event.'
    ])
  const [owner, repo] = (process.env.GITHUB_REPOSITORY ?? '').split('/')
  if (!owner || !repo)
    throw new ConfigError([
      'GITHUB_REPOSITORY is not set (owner/repo): publish-lambda runs in a GitHub Actions workflow.'
    ])
  // GITHUB_API_URL on the runner (GitHub Enterprise Server has its own).
  const apiUrl = process.env.GITHUB_API_URL || 'https://api.github.com'
  return { apiUrl, token: settings.githubToken ?? '', owner, repo, tag }
}

/**
 * Uploads the zip as the release's asset, replacing one of that name, so a re-run release job
 * ends with exactly one, current, asset. Resolves to its download URL.
 */
async function replaceReleaseAsset(
  release: Release,
  zip: Buffer,
  log: (message: string) => void
): Promise<string> {
  // getOctokit reads GITHUB_API_URL when @actions/github is loaded; the explicit baseUrl wins.
  const github = getOctokit(release.token, { baseUrl: release.apiUrl }, retry)
  const { owner, repo, tag } = release
  const found = await call(release, `read the release ${tag}`, () =>
    github.rest.repos.getReleaseByTag({ owner, repo, tag })
  )
  const deleteAssets = async (): Promise<void> => {
    const assets = await call(release, `list the assets of the release ${tag}`, () =>
      github.paginate(github.rest.repos.listReleaseAssets, {
        owner,
        repo,
        release_id: found.data.id,
        per_page: 100
      })
    )
    for (const asset of assets.filter((candidate) => candidate.name === LAMBDA_ZIP_NAME)) {
      log(`Deleting the existing asset ${asset.name} (id ${asset.id}) of the release ${tag}`)
      try {
        await call(release, `delete the existing asset ${asset.name}`, () =>
          github.rest.repos.deleteReleaseAsset({ owner, repo, asset_id: asset.id })
        )
      } catch (error) {
        // Already deleted by a concurrent re-run: the goal is reached all the same.
        if (!(error instanceof GitHubError) || error.status !== 404) throw error
      }
    }
  }
  // Two tries: an upload that failed half-way (or a concurrent re-run) can leave an asset of
  // the same name behind, which GitHub answers with 422; the second try deletes it first.
  for (let attempt = 1; ; attempt++) {
    await deleteAssets()
    try {
      const asset = await call(release, `upload ${LAMBDA_ZIP_NAME} to the release ${tag}`, () =>
        github.request({
          method: 'POST',
          // A URI template ending in {?name,label}: it also points at the upload host of GHES.
          url: found.data.upload_url,
          name: LAMBDA_ZIP_NAME,
          data: zip,
          headers: { 'content-type': 'application/zip' }
        })
      )
      const url = (asset.data as { browser_download_url?: string }).browser_download_url
      if (!url)
        throw new UserError(
          `GitHub accepted ${LAMBDA_ZIP_NAME} but returned no browser_download_url.`
        )
      log(`Uploaded ${LAMBDA_ZIP_NAME} (${zip.length} bytes) to the release ${tag}: ${url}`)
      return url
    } catch (error) {
      if (attempt >= 2 || !(error instanceof GitHubError) || error.status !== 422) throw error
      log(`GitHub reports that ${LAMBDA_ZIP_NAME} already exists (HTTP 422); replacing it again`)
    }
  }
}

/** A GitHub API failure, worded with what to check; `status` lets callers react to it. */
class GitHubError extends UserError {
  constructor(
    message: string,
    readonly status: number | undefined
  ) {
    super(message)
    this.name = 'GitHubError'
  }
}

async function call<T>(release: Release, action: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send()
  } catch (error) {
    if (error instanceof UserError) throw error
    const reported = (error as { status?: unknown }).status
    const status = typeof reported === 'number' ? reported : undefined
    const { owner, repo, tag } = release
    const quoted = `Could not ${action} of ${owner}/${repo}: ${status ? `HTTP ${status}: ` : ''}${errorMessage(error)}`
    const advice: Record<number, string> = {
      401: 'GitHub rejected the token: check the github-token input (the default is ${{ github.token }}).',
      403:
        'The token may not write releases: the workflow (or job) needs `permissions: contents: write`, ' +
        'or pass a github-token that may write to this repository.',
      404:
        `Check release-tag (${tag}): it must name a published release of ${owner}/${repo} ` +
        '(drafts are not found by tag: publish the release first), and the github-token must be able to read the repository.'
    }
    const fallback = status ? '' : `Check that GITHUB_API_URL (${release.apiUrl}) is reachable.`
    throw new GitHubError(withAdvice(quoted, advice[status ?? 0] ?? fallback), status)
  }
}
