import type { VerifyConfig } from './config/config.js'
import { connect, type ConnectOptions } from './connect.js'
import type { Logger } from './export/types.js'
import { HttpSweepReads } from './late-edits/harvest-reads.js'
import { verifyArchive, type VerifyDependencies, type VerifyReport } from './verify/verify.js'

export type VerifyRunOptions = ConnectOptions & Pick<VerifyDependencies, 'progress' | 'readsAhead'>

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
  const { harvest, store } = connect(config, log, options)
  const counter = new HttpSweepReads(harvest, config.harvest.url, () => {
    throw new Error('verify reads counts only')
  })
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
