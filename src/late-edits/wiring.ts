import type { ExportConfig } from '../config/config.js'
import type { HarvestClient } from '../harvest/client.js'
import { DEFAULT_TUNING } from '../export/types.js'
import { HttpSweepReads } from './harvest-reads.js'
import type { LateEditsWiring } from './run-hooks.js'

/** The sweep's Harvest reads over the run's one client. */
export function lateEditsWiring(harvest: HarvestClient, config: ExportConfig): LateEditsWiring {
  return {
    reads: new HttpSweepReads(harvest, config.harvest.url, (from, to, signal) =>
      harvest.fetchRange(from, to, signal)
    ),
    startedAt: () => harvest.startedAt,
    accountId: config.harvest.accountId,
    concurrency: DEFAULT_TUNING.concurrency
  }
}
