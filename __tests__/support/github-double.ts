import type http from 'node:http'
import { LoopbackDouble, type Reply } from './loopback-double.js'

export interface Asset {
  id: number
  name: string
  contentType: string
  body: Buffer
}

export interface GitHubRequest {
  method: string
  path: string
  query: URLSearchParams
  authorization: string
  contentType: string
  body: Buffer
}

/** Answers the next request that `match`es with `status` instead of handling it. */
export interface Fault {
  match: (request: GitHubRequest) => boolean
  status: number
  message: string
}

/**
 * The part of GitHub's REST API that publishing a release asset uses, served under a GitHub
 * Enterprise Server style prefix (/api/v3, uploads under /api/uploads) so the client must use
 * GITHUB_API_URL and the release's upload_url rather than github.com defaults.
 */
export class GitHubDouble extends LoopbackDouble {
  readonly token = 'ghs_test0123456789abcdef'
  readonly owner = 'acme'
  readonly repo = 'timesheets'
  requests: GitHubRequest[] = []
  faults: Fault[] = []
  /** Runs before an upload is stored, e.g. to simulate a concurrent run. */
  beforeUpload?: (releaseId: number) => void
  private nextId = 1000
  readonly releases = new Map<string, { id: number; assets: Asset[] }>()

  /** The server's origin; the API itself lives under /api/v3. */
  get origin(): string {
    return this.endpoint
  }

  get apiUrl(): string {
    return `${this.origin}/api/v3`
  }

  addRelease(tag: string): number {
    const id = this.nextId++
    this.releases.set(tag, { id, assets: [] })
    return id
  }

  addAsset(tag: string, name: string, body: Buffer | string): Asset {
    const asset = {
      id: this.nextId++,
      name,
      contentType: 'application/octet-stream',
      body: Buffer.from(body)
    }
    this.releases.get(tag)!.assets.push(asset)
    return asset
  }

  assets(tag: string): Asset[] {
    return this.releases.get(tag)?.assets ?? []
  }

  downloadUrl(tag: string, name: string): string {
    return `https://github.example/${this.owner}/${this.repo}/releases/download/${tag}/${name}`
  }

  protected answer(request: http.IncomingMessage, body: Buffer): Reply {
    const url = new URL(request.url ?? '/', this.origin)
    const recorded: GitHubRequest = {
      method: request.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      authorization: String(request.headers.authorization ?? ''),
      contentType: String(request.headers['content-type'] ?? ''),
      body
    }
    this.requests.push(recorded)
    const [status, payload] = this.route(recorded)
    return {
      status,
      body: payload === undefined ? '' : JSON.stringify(payload),
      headers: { 'content-type': 'application/json; charset=utf-8' }
    }
  }

  private route(request: GitHubRequest): [number, unknown] {
    if (request.authorization !== `token ${this.token}`)
      return [401, { message: 'Bad credentials' }]
    const fault = this.faults.findIndex((candidate) => candidate.match(request))
    if (fault >= 0) {
      const [{ status, message }] = this.faults.splice(fault, 1)
      return [status, { message }]
    }
    const repo = `/repos/${this.owner}/${this.repo}`
    let match: RegExpMatchArray | null
    if (
      request.method === 'GET' &&
      (match = request.path.match(new RegExp(`^/api/v3${repo}/releases/tags/(.+)$`)))
    ) {
      const tag = decodeURIComponent(match[1])
      const release = this.releases.get(tag)
      if (!release) return [404, { message: 'Not Found' }]
      return [
        200,
        {
          id: release.id,
          tag_name: tag,
          draft: false,
          upload_url: `${this.origin}/api/uploads${repo}/releases/${release.id}/assets{?name,label}`,
          assets: release.assets.map((asset) => this.assetJson(tag, asset))
        }
      ]
    }
    if (
      request.method === 'GET' &&
      (match = request.path.match(new RegExp(`^/api/v3${repo}/releases/(\\d+)/assets$`)))
    ) {
      const found = this.releaseById(Number(match[1]))
      return found
        ? [200, found.release.assets.map((asset) => this.assetJson(found.tag, asset))]
        : [404, { message: 'Not Found' }]
    }
    if (
      request.method === 'DELETE' &&
      (match = request.path.match(new RegExp(`^/api/v3${repo}/releases/assets/(\\d+)$`)))
    ) {
      const id = Number(match[1])
      for (const release of this.releases.values()) {
        const index = release.assets.findIndex((asset) => asset.id === id)
        if (index >= 0) {
          release.assets.splice(index, 1)
          return [204, undefined]
        }
      }
      return [404, { message: 'Not Found' }]
    }
    if (
      request.method === 'POST' &&
      (match = request.path.match(new RegExp(`^/api/uploads${repo}/releases/(\\d+)/assets$`)))
    ) {
      const releaseId = Number(match[1])
      this.beforeUpload?.(releaseId)
      const found = this.releaseById(releaseId)
      const name = request.query.get('name') ?? ''
      if (!found) return [404, { message: 'Not Found' }]
      if (found.release.assets.some((asset) => asset.name === name)) {
        return [
          422,
          {
            message: 'Validation Failed',
            errors: [{ resource: 'ReleaseAsset', code: 'already_exists', field: 'name' }]
          }
        ]
      }
      const asset = {
        id: this.nextId++,
        name,
        contentType: request.contentType,
        body: request.body
      }
      found.release.assets.push(asset)
      return [201, this.assetJson(found.tag, asset)]
    }
    return [404, { message: `Not Found: ${request.method} ${request.path}` }]
  }

  private releaseById(
    id: number
  ): { tag: string; release: { id: number; assets: Asset[] } } | undefined {
    for (const [tag, release] of this.releases) if (release.id === id) return { tag, release }
    return undefined
  }

  private assetJson(tag: string, asset: Asset): Record<string, unknown> {
    return {
      id: asset.id,
      name: asset.name,
      size: asset.body.length,
      state: 'uploaded',
      content_type: asset.contentType,
      browser_download_url: this.downloadUrl(tag, asset.name)
    }
  }
}
