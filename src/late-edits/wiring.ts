import type { ExportConfig } from '../config/config.js'
import { howToSet } from '../config/setting-names.js'
import type { HarvestClient } from '../harvest/client.js'
import { DEFAULT_TUNING } from '../export/types.js'
import { HttpSweepReads } from './harvest-reads.js'
import type { LateEditsWiring } from './settings.js'

/** The sweep's Harvest reads over the run's one client, and the names messages use. */
export function lateEditsWiring(harvest: HarvestClient, config: ExportConfig): LateEditsWiring {
  const { names } = config
  return {
    reads: new HttpSweepReads(
      harvest,
      config.harvest.url,
      (from, to, signal) => harvest.fetchRange(from, to, signal),
      howToSet(names, 'late-edits', 'ignore')
    ),
    startedAt: () => harvest.startedAt,
    accountId: config.harvest.accountId,
    names: {
      allowEmpty: howToSet(names, 'allow-empty', 'true'),
      accountId: names['harvest-account-id'],
      accessToken: names['harvest-access-token'],
      prefix: names['s3-prefix']
    },
    concurrency: DEFAULT_TUNING.concurrency
  }
}
