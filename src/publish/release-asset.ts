import { getOctokit } from '@actions/github'
import { retry } from '@octokit/plugin-retry'
import { UserError, errorMessage, withAdvice } from '../errors.js'

export interface ReleaseTarget {
  owner: string
  repo: string
  tag: string
}

export interface AssetUpload {
  /** Where GitHub's API is: GITHUB_API_URL on the runner (GitHub Enterprise Server has its own). */
  apiUrl: string
  token: string
  release: ReleaseTarget
  name: string
  body: Buffer
  contentType: string
}

type GitHub = ReturnType<typeof getOctokit>

/**
 * Uploads `body` as the asset `name` of a release, replacing an asset of that name, so a
 * re-run release job ends with exactly one, current, asset. Resolves to its download URL.
 */
export async function replaceReleaseAsset(
  upload: AssetUpload,
  log: (message: string) => void
): Promise<string> {
  // getOctokit reads GITHUB_API_URL when @actions/github is loaded; the explicit baseUrl wins.
  const github = getOctokit(upload.token, { baseUrl: upload.apiUrl }, retry)
  const { owner, repo, tag } = upload.release
  const release = await call(upload, `read the release ${tag}`, () =>
    github.rest.repos.getReleaseByTag({ owner, repo, tag })
  )
  // Two tries: an upload that failed half-way (or a concurrent re-run) can leave an asset of
  // the same name behind, which GitHub answers with 422; the second try deletes it first.
  for (let attempt = 1; ; attempt++) {
    await deleteAssetsNamed(github, upload, release.data.id, log)
    try {
      const asset = await call(upload, `upload ${upload.name} to the release ${tag}`, () =>
        github.request({
          method: 'POST',
          // A URI template ending in {?name,label}: it also points at the upload host of GHES.
          url: release.data.upload_url,
          name: upload.name,
          data: upload.body,
          headers: { 'content-type': upload.contentType }
        })
      )
      const url = (asset.data as { browser_download_url?: string }).browser_download_url
      if (!url)
        throw new UserError(`GitHub accepted ${upload.name} but returned no browser_download_url.`)
      log(`Uploaded ${upload.name} (${upload.body.length} bytes) to the release ${tag}: ${url}`)
      return url
    } catch (error) {
      if (attempt >= 2 || !(error instanceof GitHubError) || error.status !== 422) throw error
      log(`GitHub reports that ${upload.name} already exists (HTTP 422); replacing it again`)
    }
  }
}

async function deleteAssetsNamed(
  github: GitHub,
  upload: AssetUpload,
  releaseId: number,
  log: (message: string) => void
): Promise<void> {
  const { owner, repo, tag } = upload.release
  const assets = await call(upload, `list the assets of the release ${tag}`, () =>
    github.paginate(github.rest.repos.listReleaseAssets, {
      owner,
      repo,
      release_id: releaseId,
      per_page: 100
    })
  )
  for (const asset of assets.filter((candidate) => candidate.name === upload.name)) {
    log(`Deleting the existing asset ${asset.name} (id ${asset.id}) of the release ${tag}`)
    try {
      await call(upload, `delete the existing asset ${asset.name}`, () =>
        github.rest.repos.deleteReleaseAsset({ owner, repo, asset_id: asset.id })
      )
    } catch (error) {
      // Already deleted by a concurrent re-run: the goal is reached all the same.
      if (!(error instanceof GitHubError) || error.status !== 404) throw error
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

async function call<T>(upload: AssetUpload, action: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send()
  } catch (error) {
    if (error instanceof UserError) throw error
    const reported = (error as { status?: unknown }).status
    const status = typeof reported === 'number' ? reported : undefined
    throw new GitHubError(describe(upload, action, status, error), status)
  }
}

function describe(
  upload: AssetUpload,
  action: string,
  status: number | undefined,
  error: unknown
): string {
  const { owner, repo, tag } = upload.release
  const quoted = `Could not ${action} of ${owner}/${repo}: ${status ? `HTTP ${status}: ` : ''}${errorMessage(error)}`
  const what = withAdvice(quoted)
  switch (status) {
    case 401:
      return `${what} GitHub rejected the token: check the github-token input (the default is \${{ github.token }}).`
    case 403:
      return (
        `${what} The token may not write releases: the workflow (or job) needs \`permissions: contents: write\`, ` +
        'or pass a github-token that may write to this repository.'
      )
    case 404:
      return (
        `${what} Check release-tag (${tag}): it must name a published release of ${owner}/${repo} ` +
        '(drafts are not found by tag: publish the release first), and the github-token must be able to read the repository.'
      )
    default:
      return status ? what : `${what} Check that GITHUB_API_URL (${upload.apiUrl}) is reachable.`
  }
}
