// moto_server (a faithful AWS emulator, Python) started on a free loopback port for one test
// file, and its request recorder. Every AWS client in these tests reaches it through the
// standard AWS_ENDPOINT_URL variable, as a user's private endpoint would.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface RecordedRequest {
  method: string
  url: string
  headers: Record<string, string>
  body?: string
  body_encoded?: boolean
}

/** The request's body as text (moto base64-encodes some). */
export function requestBody(request: RecordedRequest): string {
  const body = request.body ?? ''
  return request.body_encoded ? Buffer.from(body, 'base64').toString('utf8') : body
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

export class Moto {
  endpoint = ''
  private child?: ChildProcess
  private output = ''
  private dir = ''

  async start(): Promise<this> {
    const port = await freePort()
    this.endpoint = `http://127.0.0.1:${port}`
    // Its request recording goes to a file: keep it out of the working tree.
    this.dir = await mkdtemp(join(tmpdir(), 'moto-'))
    this.child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
      cwd: this.dir,
      env: { ...process.env, MOTO_RECORDER_FILEPATH: join(this.dir, 'recording') },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    this.child.stdout?.on('data', (chunk) => (this.output += chunk))
    this.child.stderr?.on('data', (chunk) => (this.output += chunk))
    const deadline = Date.now() + 30_000
    for (;;) {
      if (this.child.exitCode !== null) throw new Error(`moto_server exited: ${this.output}`)
      try {
        if ((await fetch(`${this.endpoint}/moto-api/`)).ok) return this
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`moto_server did not start: ${this.output}`)
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  }

  async stop(): Promise<void> {
    const child = this.child
    if (child && child.exitCode === null)
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      })
    if (this.dir) await rm(this.dir, { recursive: true, force: true })
  }

  /** Credentials and endpoint for clients in this process and for child processes. */
  env(region = 'eu-central-1'): Record<string, string> {
    return {
      AWS_ENDPOINT_URL: this.endpoint,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_REGION: region,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true'
    }
  }

  /** The configuration of an SDK client in this process talking to moto. */
  clientConfig(region = 'eu-central-1') {
    return {
      region,
      endpoint: this.endpoint,
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' }
    }
  }

  /** The requests `work` made, as moto's recorder saw them (S3 calls appear as REST paths). */
  async record(work: () => Promise<unknown>): Promise<RecordedRequest[]> {
    await fetch(`${this.endpoint}/moto-api/recorder/reset-recording`, { method: 'POST' })
    await fetch(`${this.endpoint}/moto-api/recorder/start-recording`, { method: 'POST' })
    try {
      await work()
    } finally {
      await fetch(`${this.endpoint}/moto-api/recorder/stop-recording`, { method: 'POST' })
    }
    const text = await (await fetch(`${this.endpoint}/moto-api/recorder/download-recording`)).text()
    return concatenatedJson(text) as RecordedRequest[]
  }
}

/**
 * A recorded request's operation: the JSON protocols' X-Amz-Target (AmazonSSM.PutParameter),
 * the query protocols' Action (CreateChangeSet), else S3's method and path (PUT /bucket/key).
 */
export function operation(request: RecordedRequest): string {
  const headers = Object.fromEntries(
    Object.entries(request.headers).map(([name, value]) => [name.toLowerCase(), value])
  )
  if (headers['x-amz-target']) return headers['x-amz-target']
  const text = requestBody(request)
  const action = /(?:^|&)Action=([A-Za-z]+)/.exec(text)
  if (action) return action[1]
  return `${request.method} ${new URL(request.url).pathname}`
}

/** One call of an AWS JSON-protocol API (e.g. AWSEvents.DescribeRule) for which the project has no SDK client; moto checks no signature. */
export async function jsonCall(
  endpoint: string,
  target: string,
  body: Record<string, unknown>,
  region = 'eu-central-1'
): Promise<Record<string, unknown>> {
  // moto routes by the credential scope's service name.
  const service = target.startsWith('AWSEvents')
    ? 'events'
    : target.startsWith('Logs_')
      ? 'logs'
      : 'sts'
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': target,
      Authorization: `AWS4-HMAC-SHA256 Credential=testing/20250101/${region}/${service}/aws4_request, SignedHeaders=host, Signature=0`
    },
    body: JSON.stringify(body)
  })
  const text = await response.text()
  if (!response.ok) throw new Error(`${target}: ${response.status} ${text}`)
  return JSON.parse(text) as Record<string, unknown>
}

/**
 * An IAM policy document as GetRolePolicy returns it: URL-encoded JSON from AWS; moto returns
 * the Python repr of the dict for policies CloudFormation created (single quotes), with None
 * where the template's !If gave AWS::NoValue. Those are dropped, as CloudFormation drops them.
 */
export interface PolicyDocument {
  Statement: Array<{
    Sid?: string
    Effect: string
    Action: unknown
    Resource: unknown
    Condition?: unknown
    Principal?: unknown
  }>
}

export function policyDocument(text: string | undefined): PolicyDocument {
  const decoded = decodeURIComponent(text ?? '{}')
  let document: PolicyDocument
  try {
    document = JSON.parse(decoded) as PolicyDocument
  } catch {
    document = JSON.parse(
      decoded
        .replace(/'/g, '"')
        .replace(/\bNone\b/g, 'null')
        .replace(/\bTrue\b/g, 'true')
        .replace(/\bFalse\b/g, 'false')
    ) as PolicyDocument
  }
  document.Statement = [document.Statement]
    .flat()
    .filter((statement: unknown) => statement !== null)
  return document
}

/** The late-edits state object (`<prefix>.harvest-s3-export/state.json`): not a day file. */
export const isStateKey = (key: string): boolean => key.includes('.harvest-s3-export/')

/** Every object under `prefix` in moto's S3, key -> body; the state object only when asked. */
export async function s3Snapshot(
  s3: import('@aws-sdk/client-s3').S3Client,
  bucket: string,
  prefix: string,
  { withState = false } = {}
): Promise<Map<string, string>> {
  const { ListObjectsV2Command, GetObjectCommand } = await import('@aws-sdk/client-s3')
  const files = new Map<string, string>()
  let token: string | undefined
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token })
    )
    for (const object of page.Contents ?? []) {
      if (!withState && isStateKey(object.Key!)) continue
      const body = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: object.Key }))
      files.set(object.Key!, await body.Body!.transformToString())
    }
    token = page.NextContinuationToken
  } while (token)
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : 1)))
}

/** Values written one after another (moto's recording is not always one per line). */
function concatenatedJson(text: string): unknown[] {
  const values: unknown[] = []
  let depth = 0
  let start = -1
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const char = text[i]
    if (inString) {
      if (char === '\\') i++
      else if (char === '"') inString = false
    } else if (char === '"') inString = true
    else if (char === '{') {
      if (depth++ === 0) start = i
    } else if (char === '}' && --depth === 0) values.push(JSON.parse(text.slice(start, i + 1)))
  }
  return values
}
