// A real S3 server for tests, the demo and the benchmark: s3rver on a free loopback port behind
// a recording proxy. Not a mock: requests are real S3 HTTP, answered by s3rver.
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises'
import { createHash } from 'node:crypto'
import http from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import S3rver from 's3rver'
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client
} from '@aws-sdk/client-s3'
import { closeNow, listenOnLoopback } from './loopback.js'

export interface S3Request {
  method: string
  /** 'list' | 'get' | 'head' | 'put' | 'other' */
  kind: string
  key: string
  status: number
  headers: http.IncomingHttpHeaders
}

/** Rewrites a response or fails a request on its way through the proxy. */
export type S3Interceptor = (request: {
  method: string
  kind: string
  key: string
  headers: http.IncomingHttpHeaders
}) =>
  | { status: number; body?: string; headers?: Record<string, string> }
  | 'reset'
  /** Let the request reach s3rver, then drop the connection: the write happened, the client never hears. */
  | 'reset-after'
  | undefined

/**
 * A real S3 server (s3rver, on a free loopback port) behind a small HTTP proxy that records
 * every request, so tests count LIST/GET/HEAD/PUT calls exactly as a user's bucket would
 * see them, and can inject faults.
 */
export class LocalS3 {
  readonly bucket = 'harvest-test'
  requests: S3Request[] = []
  interceptor?: S3Interceptor
  endpoint = ''
  client!: S3Client
  private s3rver!: S3rver
  private proxy!: http.Server
  private directory = ''
  private upstreamPort = 0
  /** Answer with ETags that are not MD5s, as SSE-KMS buckets and multipart uploads do. */
  opaqueEtags = false
  private direct!: S3Client
  private readonly realByOpaque = new Map<string, string>()
  private readonly locks = new Map<string, Promise<void>>()

  /** Starts s3rver on a new directory, or on a copy of one `copyStore` made. */
  async start(from?: string): Promise<this> {
    this.directory = await mkdtemp(join(tmpdir(), 's3rver-'))
    if (from) await cp(from, this.directory, { recursive: true })
    this.s3rver = new S3rver({
      port: 0,
      address: '127.0.0.1',
      silent: true,
      directory: this.directory,
      configureBuckets: [{ name: this.bucket }]
    })
    this.upstreamPort = (await this.s3rver.run()).port
    this.proxy = http.createServer((request, response) => void this.forward(request, response))
    this.proxy.keepAliveTimeout = 1000
    this.endpoint = await listenOnLoopback(this.proxy)
    this.client = testClient(this.endpoint)
    this.direct = testClient(`http://127.0.0.1:${this.upstreamPort}`)
    return this
  }

  async stop(): Promise<void> {
    this.client?.destroy()
    this.direct?.destroy()
    await closeNow(this.proxy)
    await this.s3rver?.close()
    await rm(this.directory, { recursive: true, force: true })
  }

  /**
   * A copy of every object stored so far (s3rver's directory), for `start(copy)`: tests that
   * each need the same archive build it once. The caller removes the copy.
   */
  async copyStore(): Promise<string> {
    const copy = await mkdtemp(join(tmpdir(), 's3rver-copy-'))
    await cp(this.directory, copy, { recursive: true })
    return copy
  }

  /** Environment for a child process (the bundled action or CLI) to reach this server. */
  awsEnv(): Record<string, string> {
    return {
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      AWS_REGION: 'us-east-1',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true'
    }
  }

  /**
   * Requests of `kind` (list/get/head/put) for everything but the run's state object,
   * which every flat/hive run reads: count those with `stateCount`.
   */
  count(kind: string): number {
    return this.requests.filter((request) => request.kind === kind && !isStateKey(request.key))
      .length
  }

  /** Requests of `kind` for the state object (`<prefix>.harvest-s3-export/state.json`). */
  stateCount(kind: string): number {
    return this.requests.filter((request) => request.kind === kind && isStateKey(request.key))
      .length
  }

  resetCounts(): void {
    this.requests = []
  }

  async putText(key: string, body: string): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body }))
  }

  async getText(key: string): Promise<string | undefined> {
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }))
      return await object.Body!.transformToString()
    } catch (error) {
      if ((error as Error).name === 'NoSuchKey') return undefined
      throw error
    }
  }

  /**
   * Every object under `prefix`, key -> body (in listing order); the state object only
   * `withState`. Listed over S3, then read from s3rver's own files: tests compare whole archives
   * after most runs, and a signed GET per day file (about 4 ms of CPU each) made that the
   * slowest part of them.
   */
  async snapshot(prefix = '', withState = false): Promise<Map<string, string>> {
    const keys = (await this.keys(prefix)).filter((key) => withState || !isStateKey(key))
    return this.read(keys, (bytes) => bytes.toString('utf8'))
  }

  /** Every object under `prefix`, the state object included, key -> bytes, as `snapshot` reads them. */
  async objects(prefix = ''): Promise<Map<string, Buffer>> {
    return this.read(await this.keys(prefix), (bytes) => bytes)
  }

  private async keys(prefix: string): Promise<string[]> {
    const keys: string[] = []
    let token: string | undefined
    do {
      const page = await this.direct.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token })
      )
      for (const item of page.Contents ?? []) keys.push(item.Key!)
      token = page.NextContinuationToken
    } while (token)
    return keys
  }

  private async read<T>(keys: string[], as: (bytes: Buffer) => T): Promise<Map<string, T>> {
    const objects = new Map<string, T>()
    for (let start = 0; start < keys.length; start += 256) {
      const batch = keys.slice(start, start + 256)
      const bodies = await Promise.all(
        batch.map((key) => readFile(this.s3rver.store.getResourcePath(this.bucket, key, 'object')))
      )
      batch.forEach((key, index) => objects.set(key, as(bodies[index])))
    }
    return objects
  }

  private async forward(
    request: http.IncomingMessage,
    response: http.ServerResponse
  ): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost')
    const path = decodeURIComponent(url.pathname).replace(/^\/+/, '')
    const slash = path.indexOf('/')
    const key = slash === -1 ? '' : path.slice(slash + 1)
    const method = request.method ?? 'GET'
    const kinds: Record<string, string> = {
      GET: key === '' ? 'list' : 'get',
      HEAD: 'head',
      PUT: 'put'
    }
    const kind = kinds[method] ?? 'other'
    const record: S3Request = { method, kind, key, status: 0, headers: request.headers }
    const agents = `${request.headers['user-agent'] ?? ''} ${String(request.headers['x-amz-user-agent'] ?? '')}`
    const fromTest = agents.includes('test-client')
    if (!fromTest) this.requests.push(record)
    const intercepted = fromTest
      ? undefined
      : this.interceptor?.({ method, kind, key, headers: request.headers })
    if (intercepted === 'reset') {
      request.socket.destroy()
      record.status = -1
      return
    }
    const dropReply = intercepted === 'reset-after'
    if (typeof intercepted === 'object') return this.answer(request, response, record, intercepted)
    if (kind !== 'put') return this.pass(request, response, record, dropReply)
    // Real S3 evaluates a conditional PUT atomically per key; one lock per key does that here.
    const previous = this.locks.get(key) ?? Promise.resolve()
    const turn = previous.then(() => this.conditionalPut(request, response, record, key, dropReply))
    this.locks.set(
      key,
      turn.catch(() => undefined)
    )
    await turn
  }

  /** If-Match / If-None-Match on PUT, as S3 has supported since 2024 (s3rver ignores them). */
  private async conditionalPut(
    request: http.IncomingMessage,
    response: http.ServerResponse,
    record: S3Request,
    key: string,
    dropReply: boolean
  ): Promise<void> {
    const ifMatch = request.headers['if-match']
    const ifNoneMatch = request.headers['if-none-match']
    if (ifMatch || ifNoneMatch) {
      const current = await this.currentEtag(key)
      const holds =
        ifNoneMatch === '*'
          ? current === undefined
          : current !== undefined && this.realEtag(ifMatch!) === current
      if (!holds) {
        const code =
          '<Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you specified did not hold</Message></Error>'
        return this.answer(request, response, record, { status: 412, body: code })
      }
    }
    return this.pass(request, response, record, dropReply)
  }

  private async currentEtag(key: string): Promise<string | undefined> {
    try {
      return (await this.direct.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }))).ETag
    } catch {
      return undefined
    }
  }

  private answer(
    request: http.IncomingMessage,
    response: http.ServerResponse,
    record: S3Request,
    reply: { status: number; body?: string; headers?: Record<string, string> }
  ): Promise<void> {
    request.resume()
    record.status = reply.status
    response.writeHead(reply.status, { 'content-type': 'application/xml', ...reply.headers })
    return new Promise((resolve) => response.end(reply.body ?? '', () => resolve()))
  }

  /** Forwards to s3rver; with `opaqueEtags`, ETags come back the way SSE-KMS buckets show them. */
  private pass(
    request: http.IncomingMessage,
    response: http.ServerResponse,
    record: S3Request,
    dropReply = false
  ): Promise<void> {
    const headers = { ...request.headers }
    if (typeof headers['if-match'] === 'string')
      headers['if-match'] = this.realEtag(headers['if-match'])
    return new Promise((resolve) => {
      const upstream = http.request(
        {
          host: '127.0.0.1',
          port: this.upstreamPort,
          method: request.method,
          path: request.url,
          headers
        },
        (answer) => {
          record.status = answer.statusCode ?? 0
          if (dropReply) {
            answer.resume()
            answer.on('end', () => {
              request.socket.destroy()
              resolve()
            })
            return
          }
          const out = { ...answer.headers }
          if (this.opaqueEtags && typeof out.etag === 'string') out.etag = this.opaqueEtag(out.etag)
          if (!this.opaqueEtags || record.kind !== 'list') {
            response.writeHead(answer.statusCode ?? 502, out)
            answer.pipe(response)
            answer.on('end', resolve)
            return
          }
          const chunks: Buffer[] = []
          answer.on('data', (chunk: Buffer) => chunks.push(chunk))
          answer.on('end', () => {
            const body = Buffer.concat(chunks)
              .toString('utf8')
              .replace(
                /<ETag>(.*?)<\/ETag>/g,
                (_, etag: string) =>
                  `<ETag>${this.opaqueEtag(etag.replaceAll('&quot;', '"')).replaceAll('"', '&quot;')}</ETag>`
              )
            response.writeHead(answer.statusCode ?? 502, {
              ...out,
              'content-length': String(Buffer.byteLength(body))
            })
            response.end(body, () => resolve())
          })
        }
      )
      upstream.on('error', () => {
        response.destroy()
        resolve()
      })
      request.pipe(upstream)
    })
  }

  /** A stable ETag that is not the body's MD5 (32 hex digits, like an SSE-KMS ETag). */
  private opaqueEtag(real: string): string {
    const opaque = `"${createHash('sha1').update(`kms:${real}`).digest('hex').slice(0, 32)}"`
    this.realByOpaque.set(opaque, real)
    return opaque
  }

  private realEtag(etag: string): string {
    return this.realByOpaque.get(etag) ?? etag
  }
}

/** Requests of the tests themselves carry `test-client`, so they are neither recorded nor intercepted. */
function testClient(endpoint: string): S3Client {
  return new S3Client({
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    customUserAgent: 'test-client'
  })
}

/** The state object every flat/hive run keeps beside its day files (README, How late edits are caught). */
export function isStateKey(key: string): boolean {
  return key.endsWith('.harvest-s3-export/state.json')
}
