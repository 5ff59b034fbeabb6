/** What a run's late edits take: its settings, and the parts of the run they use. */
import type { DaysRead } from '../harvest/types.js'
import type { Store } from '../store/store.js'
import type { SweepReads } from './sweep.js'

import type { LateEditsMode } from '../export/types.js'
import type { ArchiveShape } from '../state/archive-shape.js'

/** What the wiring layer gives the engine for late edits; without it no state is kept. */
export interface LateEditsWiring {
  reads: SweepReads
  /** Harvest's `Date` header of the run's first answer. */
  startedAt(): string | undefined
  accountId: string
  concurrency: number
}

export interface LateEditsSettings {
  mode: LateEditsMode
  prefix: string
  accountId: string
  /** The layout and format of the run's day files, which the state binds the prefix to. */
  shape: ArchiveShape
  /** `from`/`to` given: a backfill refreshes exactly its range and never sweeps. */
  backfill: boolean
  dryRun: boolean
  allowEmpty: boolean
  concurrency: number
}

export interface LateEditsPorts {
  store: Store
  reads: SweepReads
  /** Writes the state: conditional on `etag` (or on no object when null); false when it lost a race. */
  writeState(body: Buffer, etag: string | null): Promise<boolean>
  log: { info(message: string): void; warn(message: string): void }
  /** The run's day-file path for a month the sweep read whole (its own days, its own guard). */
  acceptMonth(read: DaysRead): Promise<void>
}
