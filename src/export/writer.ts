import type { Store } from '../store/store.js'
import type { RunTables } from '../tables/run-tables.js'
import { Semaphore } from '../util/pool.js'
import {
  ASK_STORE,
  commitObject,
  syncObject,
  type Decision,
  type Inspection,
  type KnownVersion,
  type SyncRequest,
  type WantedObject
} from './sync-object.js'

/** The run's one way to the store, under one cap on requests in flight; a dry run only notes. */
export class ObjectWriter {
  private readonly slots: Semaphore
  private readonly writtenKeys: string[] = []

  constructor(
    readonly store: Store,
    private readonly dryRun: boolean,
    storeConcurrency: number
  ) {
    this.slots = new Semaphore(storeConcurrency)
  }

  /** Sorted; in a dry run, those that would be written. */
  get written(): string[] {
    return [...this.writtenKeys].sort()
  }

  /** A request given as a function is built once a slot is free: only those in flight hold a body. */
  sync(
    request: SyncRequest | (() => SyncRequest),
    decide: (inspection: Inspection) => Promise<Decision>
  ): Promise<void> {
    return this.slots.run(() =>
      syncObject(this.store, typeof request === 'function' ? request() : request, decide)
    )
  }

  async commit(inspection: Inspection): Promise<Decision> {
    if (!this.dryRun && (await commitObject(this.store, inspection)) === 'lost-race')
      return 'lost-race'
    this.writtenKeys.push(inspection.key)
    return 'done'
  }

  /**
   * An object that needs no change report, written when its bytes differ. Tells whether it
   * was, and the ETag the store holds it under when known (unknown in a dry run, or when the
   * store answered a write without one).
   */
  async syncWhole(
    wanted: WantedObject,
    known: KnownVersion = ASK_STORE
  ): Promise<{ written: boolean; etag?: string }> {
    let outcome: { written: boolean; etag?: string } = { written: false }
    await this.sync({ wanted, known, wantPrevious: false }, async (inspection) => {
      if (inspection.unchanged) {
        outcome = { written: false, etag: inspection.current?.etag }
        return 'done'
      }
      const decision = await this.commit(inspection)
      const etag = inspection.landed ? inspection.current?.etag : inspection.storedEtag
      if (decision === 'done') outcome = { written: true, etag: this.dryRun ? undefined : etag }
      return decision
    })
    return outcome
  }

  /** A table object, as `syncWhole`; resolves to the ETag the store holds it under, when known. */
  async writeTable(
    tables: RunTables,
    key: string,
    body: Buffer,
    known?: KnownVersion
  ): Promise<string | undefined> {
    const wanted = { key, body, contentType: PARQUET_CONTENT_TYPE }
    const { written, etag } = await this.syncWhole(wanted, known)
    if (written) tables.noteWritten(key)
    return etag
  }
}

/** What S3 and Athena are told a table object is. */
const PARQUET_CONTENT_TYPE = 'application/vnd.apache.parquet'

/** Waits for every task to finish before reporting the first failure: none is left running. */
export async function settleAll(work: Array<Promise<void>>): Promise<void> {
  const failure = (await Promise.allSettled(work)).find((result) => result.status === 'rejected')
  if (failure) throw failure.reason
}
