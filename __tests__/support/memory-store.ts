import { createHash } from 'node:crypto'
import type {
  ListedObject,
  PutOptions,
  Store,
  StoredHead,
  StoredObject
} from '../../src/store/store.js'
import { PreconditionFailedError } from '../../src/store/store.js'

interface Held {
  body: Buffer
  etag: string
  sha256?: string
}

export type StoreCall = 'list' | 'head' | 'get' | 'put'

/**
 * The `Store` interface in memory, with S3's rules where the engine relies on them: quoted
 * MD5 ETags (or opaque ones, as SSE-KMS gives), `x-amz-meta-sha256`, conditional PUTs that
 * fail with `PreconditionFailedError`. Counts every call; `beforePut` lets a test act as a
 * second writer at the worst moment.
 */
export class MemoryStore implements Store {
  readonly location = 'memory://'
  readonly objects = new Map<string, Held>()
  readonly calls: Array<{ call: StoreCall; key: string }> = []
  /** Runs before each PUT is checked: another writer may change the object here. */
  beforePut?: (key: string) => void
  /**
   * True for a PUT whose reply is lost: the bytes are stored, then the call fails 412 as
   * the SDK's retry of the conditional write does on S3.
   */
  loseReply?: (key: string) => boolean

  constructor(private readonly options: { opaqueEtags?: boolean } = {}) {}

  /** Stores `body` as another tool would: no checksum metadata unless given. */
  seed(key: string, body: string | Buffer, sha256?: string): void {
    const bytes = Buffer.from(body)
    this.objects.set(key, { body: bytes, etag: this.etagOf(bytes), sha256 })
  }

  text(key: string): string | undefined {
    return this.objects.get(key)?.body.toString('utf8')
  }

  count(call: StoreCall): number {
    return this.calls.filter((item) => item.call === call).length
  }

  list(prefix: string, from: string, to: string): Promise<ListedObject[]> {
    this.calls.push({ call: 'list', key: prefix })
    return Promise.resolve(
      [...this.objects]
        .filter(([key]) => key.startsWith(prefix) && key >= from && key <= to)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([key, held]) => ({ key, etag: held.etag, size: held.body.length }))
    )
  }

  head(key: string): Promise<StoredHead | undefined> {
    this.calls.push({ call: 'head', key })
    const held = this.objects.get(key)
    return Promise.resolve(held && { etag: held.etag, size: held.body.length, sha256: held.sha256 })
  }

  get(key: string): Promise<StoredObject | undefined> {
    this.calls.push({ call: 'get', key })
    const held = this.objects.get(key)
    return Promise.resolve(
      held && { etag: held.etag, size: held.body.length, sha256: held.sha256, body: held.body }
    )
  }

  // eslint-disable-next-line @typescript-eslint/require-await -- async turns the throws below into rejections, as from S3
  async put(key: string, body: Buffer, options: PutOptions): Promise<string> {
    this.calls.push({ call: 'put', key })
    this.beforePut?.(key)
    const held = this.objects.get(key)
    if (options.ifNoneMatch && held) throw new PreconditionFailedError(key)
    if (options.ifMatch !== undefined && held?.etag !== options.ifMatch)
      throw new PreconditionFailedError(key)
    const etag = this.etagOf(body)
    this.objects.set(key, { body: Buffer.from(body), etag, sha256: options.sha256 })
    if (this.loseReply?.(key)) throw new PreconditionFailedError(key)
    return etag
  }

  private etagOf(body: Buffer): string {
    const md5 = createHash('md5').update(body).digest('hex')
    // An SSE-KMS ETag is not the body's MD5: any stable value that is not it will do.
    return this.options.opaqueEtags ? `"${md5.split('').reverse().join('')}-1"` : `"${md5}"`
  }
}
