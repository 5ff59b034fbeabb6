// A real S3 server for tests, the demo and the benchmark: s3rver on a free loopback port behind
// a recording proxy. Not a mock: requests are real S3 HTTP, answered by s3rver.
import { mkdtemp, rm } from 'node:fs/promises'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import S3rver from 's3rver'
import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client
} from '@aws-sdk/client-s3'

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
}) => { status: number; body?: string; headers?: Record<string, string> } | 'reset' | undefined

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

  async start(): Promise<this> {
    this.directory = await mkdtemp(join(tmpdir(), 's3rver-'))
    this.s3rver = new S3rver({
      port: 0,
      address: '127.0.0.1',
      silent: true,
      directory: this.directory,
      configureBuckets: [{ name: this.bucket }]
    })
    this.upstreamPort = (await this.s3rver.run()).port
    this.proxy = http.createServer((request, response) => this.forward(request, response))
    this.proxy.keepAliveTimeout = 1000
    await new Promise<void>((resolve) => this.proxy.listen(0, '127.0.0.1', resolve))
    this.endpoint = `http://127.0.0.1:${(this.proxy.address() as AddressInfo).port}`
    this.client = new S3Client({
      region: 'us-east-1',
      endpoint: this.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      customUserAgent: 'test-client'
    })
    return this
  }

  async stop(): Promise<void> {
    this.client?.destroy()
    this.proxy?.closeAllConnections()
    await new Promise<void>((resolve) =>
      this.proxy ? this.proxy.close(() => resolve()) : resolve()
    )
    await this.s3rver?.close()
    await rm(this.directory, { recursive: true, force: true })
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

  count(kind: string): number {
    return this.requests.filter((request) => request.kind === kind).length
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

  /** Every object under `prefix`, key -> body. */
  async snapshot(prefix = ''): Promise<Map<string, string>> {
    const objects = new Map<string, string>()
    let token: string | undefined
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token })
      )
      for (const item of page.Contents ?? [])
        objects.set(item.Key!, (await this.getText(item.Key!))!)
      token = page.NextContinuationToken
    } while (token)
    return objects
  }

  private forward(request: http.IncomingMessage, response: http.ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://localhost')
    const path = decodeURIComponent(url.pathname).replace(/^\/+/, '')
    const slash = path.indexOf('/')
    const key = slash === -1 ? '' : path.slice(slash + 1)
    const method = request.method ?? 'GET'
    const kind =
      method === 'GET' && key === ''
        ? 'list'
        : method === 'GET'
          ? 'get'
          : method === 'HEAD'
            ? 'head'
            : method === 'PUT'
              ? 'put'
              : 'other'
    const record: S3Request = { method, kind, key, status: 0, headers: request.headers }
    const agents = `${request.headers['user-agent'] ?? ''} ${request.headers['x-amz-user-agent'] ?? ''}`
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
    if (intercepted) {
      request.resume()
      record.status = intercepted.status
      response.writeHead(intercepted.status, {
        'content-type': 'application/xml',
        ...intercepted.headers
      })
      response.end(intercepted.body ?? '')
      return
    }
    const upstream = http.request(
      {
        host: '127.0.0.1',
        port: this.upstreamPort,
        method,
        path: request.url,
        headers: request.headers
      },
      (answer) => {
        record.status = answer.statusCode ?? 0
        response.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(response)
      }
    )
    upstream.on('error', () => response.destroy())
    request.pipe(upstream)
  }
}
