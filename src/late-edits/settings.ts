/** What a run's late edits take: its settings, and the parts of the run they use. */
import type { DaysRead } from '../harvest/types.js'
import type { Store } from '../store/store.js'
import type { SweepReads } from './sweep.js'

type LateEditsMode = 'sync' | 'ignore'

/** What the wiring layer gives the engine for late edits; without it no state is kept. */
export interface LateEditsWiring {
  reads: SweepReads
  /** Harvest's `Date` header of the run's first answer. */
  startedAt(): string | undefined
  accountId: string
  /** How the entry point spells the settings a message names. */
  names: { allowEmpty: string; accountId: string; accessToken: string; prefix: string }
  concurrency: number
}

export interface LateEditsSettings {
  mode: LateEditsMode
  prefix: string
  accountId: string
  /** `from`/`to` given: a backfill refreshes exactly its range and never sweeps. */
  backfill: boolean
  dryRun: boolean
  allowEmpty: boolean
  /** How `allow-empty` is spelled where the run was started (`allow-empty: true`, `--allow-empty`, ...). */
  allowEmptyName: string
  /** How the account id setting is spelled there. */
  accountIdName: string
  /** How the access token setting is spelled there. */
  accessTokenName: string
  /** How the prefix setting is spelled there. */
  prefixName: string
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
