import type { AwsCredentials, ExportConfig } from './config/config.js'
import { insecureEndpointWarning } from './config/endpoint.js'
import { createStore } from './create-store.js'
import { syncStore } from './export/sync-store.js'
import type { ExportSummary, ExportTuning, RunObserver } from './export/types.js'
import { HarvestClient, type HarvestClientOptions } from './harvest/client.js'
import { retryNote } from './util/retry.js'
import { lateEditsWiring } from './late-edits/harvest-reads.js'

export interface RunOptions {
  /** Keys for S3 (config.json's, or the action's assumed role); otherwise the SDK's default chain. */
  credentials?: AwsCredentials
  /** See `ExportDependencies.stop`. */
  stop?: AbortSignal
  /** Test and benchmark hooks: faster retries, a smaller rate limit, a serial baseline. */
  harvest?: Partial<Pick<HarvestClientOptions, 'retry' | 'rateLimit' | 'timeoutMs'>>
  tuning?: Partial<ExportTuning>
  now?: Date
}

/** Builds the Harvest client and the store a validated config describes, then runs the engine. */
export function exportFromConfig(
  config: ExportConfig,
  observer: RunObserver,
  options: RunOptions = {}
): Promise<ExportSummary> {
  if (config.store.kind === 's3' && config.store.insecureEndpoint && config.store.endpoint)
    observer.log.warn(insecureEndpointWarning(config.store.endpoint, config.names))
  const harvest = new HarvestClient({
    ...config.harvest,
    ...options.harvest,
    onRetry: (reason, delayMs) => observer.log.info(retryNote(reason, delayMs))
  })
  const store = createStore(config.store, { ...config.aws, credentials: options.credentials })
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
