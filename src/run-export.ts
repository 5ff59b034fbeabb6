import type { AwsCredentials, ExportConfig } from './config/config.js'
import { howToSet, type SettingNames } from './config/setting-names.js'
import { createStore } from './create-store.js'
import { syncStore } from './export/sync-store.js'
import type {
  EngineSettingNames,
  ExportSummary,
  ExportTuning,
  RunObserver
} from './export/types.js'
import {
  HarvestClient,
  type HarvestClientOptions,
  type HarvestSettingNames
} from './harvest/client.js'
import { retryNote } from './util/retry.js'
import { lateEditsWiring } from './late-edits/wiring.js'

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
  const harvest = new HarvestClient({
    ...config.harvest,
    ...options.harvest,
    names: harvestNames(config.names),
    onRetry: (reason, delayMs) => observer.log.info(retryNote(reason, delayMs))
  })
  const store = createStore(
    config.store,
    { ...config.aws, credentials: options.credentials },
    config.names
  )
  const run = syncStore(config.export, {
    harvest,
    store,
    observer,
    now: options.now,
    tuning: options.tuning,
    stop: options.stop,
    names: engineNames(config.names),
    lateEdits: lateEditsWiring(harvest, config),
    resources: {
      reader: harvest,
      harvestUrl: config.harvest.url,
      accountId: config.harvest.accountId
    }
  })
  // Done with Harvest, failed or not: no connection outlives the run.
  return run.finally(() => harvest.close())
}

/** The settings Harvest's errors name, as the entry point spells them. */
export function harvestNames(names: SettingNames): HarvestSettingNames {
  return {
    url: names['harvest-url'],
    accountId: names['harvest-account-id'],
    accessToken: names['harvest-access-token'],
    from: names.from,
    to: names.to
  }
}

/** The settings the engine's refusals name, as the entry point spells them. */
export function engineNames(names: SettingNames): EngineSettingNames {
  return {
    accountId: names['harvest-account-id'],
    accessToken: names['harvest-access-token'],
    allowEmpty: howToSet(names, 'allow-empty', 'true')
  }
}
