import type { ExportConfig } from './config/config.js'
import { connect, type ConnectOptions } from './connect.js'
import { syncStore } from './export/sync-store.js'
import type { ExportSummary, ExportTuning, RunObserver } from './export/types.js'
import { lateEditsWiring } from './late-edits/harvest-reads.js'

export interface RunOptions extends ConnectOptions {
  /** See `ExportDependencies.stop`. */
  stop?: AbortSignal
  /** Test and benchmark hooks: a serial baseline, a fixed clock. */
  tuning?: Partial<ExportTuning>
  now?: Date
}

/** Builds the Harvest client and the store a validated config describes, then runs the engine. */
export function exportFromConfig(
  config: ExportConfig,
  observer: RunObserver,
  options: RunOptions = {}
): Promise<ExportSummary> {
  const { harvest, store } = connect(config, observer.log, options)
  const run = syncStore(config.export, {
    harvest,
    store,
    observer,
    now: options.now,
    tuning: options.tuning,
    stop: options.stop,
    lateEdits: lateEditsWiring(harvest, config.harvest),
    resources: {
      reader: harvest,
      harvestUrl: config.harvest.url,
      accountId: config.harvest.accountId
    }
  })
  // Done with Harvest, failed or not: no connection outlives the run.
  return run.finally(() => harvest.close())
}
