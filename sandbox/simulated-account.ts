/**
 * A simulated Harvest account: the time entries (TimeEntryStore) plus every other resource,
 * the permissions a token has, and the clock. HarvestSimulator serves it over HTTP.
 */
import { embeddingTargets, refreshEmbedded } from './embedded-refresh.js'
import { TimeEntryStore, type EntryStoreOptions } from './entry-store.js'
import {
  EMBEDDED_AS,
  embedView,
  ResourceStore,
  type ListResource,
  type ResourceName
} from './resource-store.js'
import type { HarvestRecord, ResourceCounts } from './resources-data.js'

export class SimulatedAccount extends TimeEntryStore {
  /** Every resource beside the time entries. */
  readonly resources: ResourceStore
  protected readonly forbidden: Set<string>

  constructor(
    entries: EntryStoreOptions,
    options: { counts?: ResourceCounts; forbidden?: ResourceName[] } = {}
  ) {
    super(entries)
    this.forbidden = new Set(options.forbidden ?? [])
    const { seed, from, to } = entries
    this.resources = new ResourceStore({ seed, from, to, counts: options.counts }, this.clock)
  }

  /** The records of a list resource in Harvest's order (the live objects). */
  listRecords(name: ListResource): HarvestRecord[] {
    return this.resources.list(name)
  }

  getRecord(name: ListResource, id: number): HarvestRecord {
    return this.resources.get(name, id)
  }

  addRecord(name: ListResource, fields: Partial<HarvestRecord> = {}): HarvestRecord {
    return this.resources.add(name, fields)
  }

  /**
   * Patches a record; its updated_at moves to the clock (unless the patch sets it). Where the
   * record is embedded (time entries, other records), the embedded copies show the new values
   * and keep their own updated_at, as in Harvest.
   */
  editRecord(name: ListResource, id: number, patch: Partial<HarvestRecord>): HarvestRecord {
    const record = this.resources.edit(name, id, patch)
    const keys = EMBEDDED_AS[name]
    if (keys) {
      const targets = embeddingTargets(this.data, this.resources.all())
      refreshEmbedded(targets, keys, embedView(name, record))
    }
    return record
  }

  /** Renames a client, project, task or user (a user's name splits into first and last). */
  rename(
    name: 'clients' | 'projects' | 'tasks' | 'users',
    id: number,
    newName: string
  ): HarvestRecord {
    if (name !== 'users') return this.editRecord(name, id, { name: newName })
    const [first, ...rest] = newName.split(' ')
    return this.editRecord(name, id, { first_name: first, last_name: rest.join(' ') })
  }

  deleteRecord(name: ListResource, id: number): void {
    this.resources.remove(name, id)
  }

  get company(): Record<string, unknown> {
    return this.resources.company
  }

  /** From now on `name` answers 403, as Harvest does for a token whose user lacks the right. */
  forbid(name: ResourceName): void {
    this.forbidden.add(name)
  }

  allow(name: ResourceName): void {
    this.forbidden.delete(name)
  }

  /** The simulator's clock in ms: what the Date header and new updated_at values show. */
  now(): number {
    return this.clock.now()
  }

  advanceClock(ms: number): void {
    this.clock.advance(ms)
  }

  /** Fixes the clock at `at`; it then moves only with advanceClock(). */
  setClock(at: number | Date | string): void {
    this.clock.set(at)
  }
}
