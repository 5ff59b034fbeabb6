import type { HarvestClient } from '../harvest/client.js'
import { DEFAULT_TUNING } from '../export/types.js'
import { HttpSweepReads } from './harvest-reads.js'
import type { LateEditsWiring } from './settings.js'

/** The sweep's Harvest reads over the run's one client. */
export function lateEditsWiring(
  harvest: HarvestClient,
  { url, accountId }: { url: string; accountId: string }
): LateEditsWiring {
  return {
    reads: new HttpSweepReads(harvest, url, (from, to, signal) =>
      harvest.fetchRange(from, to, signal)
    ),
    startedAt: () => harvest.startedAt,
    accountId,
    concurrency: DEFAULT_TUNING.concurrency
  }
}
