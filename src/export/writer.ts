import type { Store } from '../store/store.js'
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

/**
 * The run's one way to the store: every object a run makes true goes through `sync`, under
 * one cap on store requests in flight, and every write through `commit`, which a dry run
 * turns into a note of what would be written.
 */
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

  /** Keys written (or, in a dry run, that would be written), sorted. */
  get written(): string[] {
    return [...this.writtenKeys].sort()
  }

  /**
   * Inspects and decides one object, waiting for a store slot first. A request given as a
   * function is built once the slot is free, so only the objects in flight hold a body.
   */
  sync(
    request: SyncRequest | (() => SyncRequest),
    decide: (inspection: Inspection) => Promise<Decision>
  ): Promise<void> {
    return this.slots.run(() =>
      syncObject(this.store, typeof request === 'function' ? request() : request, decide)
    )
  }

  /** Writes unless this is a dry run; `lost-race` when another writer got there first. */
  async commit(inspection: Inspection): Promise<Decision> {
    if (!this.dryRun && (await commitObject(this.store, inspection)) === 'lost-race') {
      return 'lost-race'
    }
    this.writtenKeys.push(inspection.key)
    return 'done'
  }

  /** An object that needs no change report, written when its bytes differ: true if it was. */
  async syncWhole(wanted: WantedObject, known: KnownVersion = ASK_STORE): Promise<boolean> {
    let written = false
    await this.sync({ wanted, known, wantPrevious: false }, async (inspection) => {
      if (inspection.unchanged) return 'done'
      const decision = await this.commit(inspection)
      written = decision === 'done'
      return decision
    })
    return written
  }
}

/** Waits for every task to finish before reporting the first failure: none is left running. */
export async function settleAll(work: Array<Promise<void>>): Promise<void> {
  const failure = (await Promise.allSettled(work)).find((result) => result.status === 'rejected')
  if (failure) throw failure.reason
}
