import type { AwsCredentials, VerifyConfig } from './config/config.js'
import { insecureEndpointWarning } from './config/parse-export.js'
import { createStore } from './create-store.js'
import type { Logger } from './export/types.js'
import { HarvestClient, type HarvestClientOptions } from './harvest/client.js'
import { HttpSweepReads } from './late-edits/harvest-reads.js'
import { retryNote } from './util/retry.js'
import { verifyArchive, type VerifyReport } from './verify/verify.js'

export interface VerifyRunOptions {
  credentials?: AwsCredentials
  /** Test and benchmark hooks, as for an export. */
  harvest?: Partial<Pick<HarvestClientOptions, 'retry' | 'rateLimit' | 'timeoutMs'>>
  progress?: (checked: number, total: number) => void
  /** Benchmark hook: day files read at a time (see `VerifyDependencies.readsAhead`). */
  readsAhead?: number
}

/** A verify report with what it cost Harvest. */
export interface VerifyResult extends VerifyReport {
  harvestRequests: number
}

/**
 * Builds the store and the Harvest client a validated config describes and audits the
 * archive. Harvest is asked for counts only (`per_page=1` probes): never a page of entries.
 */
export async function verifyFromConfig(
  config: VerifyConfig,
  log: Logger,
  options: VerifyRunOptions = {}
): Promise<VerifyResult> {
  if (config.store.kind === 's3' && config.store.insecureEndpoint && config.store.endpoint)
    log.warn(insecureEndpointWarning(config.store.endpoint, config.names))
  const harvest = new HarvestClient({
    ...config.harvest,
    ...options.harvest,
    onRetry: (reason, delayMs) => log.info(retryNote(reason, delayMs))
  })
  const counter = new HttpSweepReads(harvest, config.harvest.url, () => {
    throw new Error('verify reads counts only')
  })
  const store = createStore(config.store, { ...config.aws, credentials: options.credentials })
  try {
    const report = await verifyArchive(
      { ...config.export, accountId: config.harvest.accountId },
      { store, harvest: counter, log, progress: options.progress, readsAhead: options.readsAhead }
    )
    return { ...report, harvestRequests: harvest.requests }
  } finally {
    harvest.close()
  }
}
