// One export measured in a child process (bench/run-export.ts), with the S3 requests the
// recording proxy saw. Shared by every bench part that exports from the simulator.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import type { HarvestSimulator } from '../sandbox/harvest-simulator.js'
import type { LocalS3 } from '../sandbox/local-s3.js'
import type { ExportTuning } from '../src/export/types.js'

const run = promisify(execFile)

export interface Measure {
  wallMs: number
  harvestRequests: number
  entries: number
  daysWritten: number
  lateDaysWritten: number
  resourcesWritten: number
  /** Parquet tables written (`tables: parquet`). */
  tablesWritten?: number
  peakRssMb: number
  cpuMs: number
  /**
   * CPU the simulator and the local S3 server (this process) spent while the export ran: on
   * a 2-core machine they compete with the exporter, so they explain much of its wall time.
   */
  serversCpuMs: number
  /** Every object but the state object; `state` counts the state object's own requests. */
  s3: { list: number; get: number; head: number; put: number }
  state: { get: number; put: number }
}

/** Runs one export with `settings` (action input names) on top of the simulator's and bucket's. */
export async function measureExport(
  simulator: HarvestSimulator,
  s3: LocalS3,
  now: string,
  settings: Record<string, string>,
  tuning?: Partial<ExportTuning>
): Promise<Measure> {
  s3.resetCounts()
  const job = {
    now,
    tuning,
    settings: {
      'harvest-account-id': simulator.accountId,
      'harvest-access-token': simulator.token,
      'harvest-url': simulator.url,
      's3-bucket': s3.bucket,
      's3-endpoint': s3.endpoint,
      ...settings
    }
  }
  const serversCpu = process.cpuUsage()
  const { stdout } = await run('npx', ['tsx', 'bench/run-export.ts', JSON.stringify(job)], {
    env: {
      ...process.env,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS ?? ''
    },
    maxBuffer: 1 << 24
  })
  const servers = process.cpuUsage(serversCpu)
  const result = JSON.parse(stdout.trim().split('\n').pop()!) as Omit<
    Measure,
    's3' | 'state' | 'serversCpuMs'
  >
  return {
    ...result,
    serversCpuMs: (servers.user + servers.system) / 1000,
    s3: {
      list: s3.count('list'),
      get: s3.count('get'),
      head: s3.count('head'),
      put: s3.count('put')
    },
    state: { get: s3.stateCount('get'), put: s3.stateCount('put') }
  }
}
