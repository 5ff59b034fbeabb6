import type { AwsCredentials, AwsSettings, StoreSettings, VerifyConfig } from './config/config.js'
import { insecureEndpointWarning } from './config/parse-export.js'
import type { Logger } from './export/types.js'
import { HarvestClient, type HarvestClientOptions } from './harvest/client.js'
import { DirStore } from './store/dir-store.js'
import { S3Store } from './store/s3-store.js'
import type { Store } from './store/store.js'
import { retryNote } from './util/retry.js'

/** Keys for S3 (config.json's, or the action's assumed role) and test hooks for Harvest. */
export interface ConnectOptions {
  credentials?: AwsCredentials
  /** Test and benchmark hooks: faster retries, a smaller rate limit. */
  harvest?: Partial<Pick<HarvestClientOptions, 'retry' | 'rateLimit' | 'timeoutMs'>>
}

/** The store a validated config describes (wiring: the store layer knows nothing of configs). */
export function createStore(settings: StoreSettings, aws: AwsSettings): Store {
  if (settings.kind === 'dir') return new DirStore(settings.dir)
  return new S3Store({
    bucket: settings.bucket,
    region: aws.region,
    endpoint: settings.endpoint,
    credentials: aws.credentials
  })
}

/** The Harvest client and the store an export's (or a verify's) config describes. */
export function connect(
  config: Omit<VerifyConfig, 'command'>,
  log: Logger,
  options: ConnectOptions
): { harvest: HarvestClient; store: Store } {
  if (config.store.kind === 's3' && config.store.insecureEndpoint && config.store.endpoint)
    log.warn(insecureEndpointWarning(config.store.endpoint, config.names))
  return {
    harvest: new HarvestClient({
      ...config.harvest,
      ...options.harvest,
      onRetry: (reason, delayMs) => log.info(retryNote(reason, delayMs))
    }),
    store: createStore(config.store, { ...config.aws, credentials: options.credentials })
  }
}
