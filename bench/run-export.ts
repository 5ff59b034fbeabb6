// One benchmark export in its own process, so its peak RSS is the exporter's alone (the
// simulator and the S3 server run in the parent). Reads a JSON job from argv[2], prints a
// JSON result line.
import { parseExportConfig } from '../src/config/parse-export.js'
import type { RawSettings } from '../src/config/inputs.js'
import { ACTION_NAMES } from '../src/config/setting-names.js'
import { exportFromConfig } from '../src/run-export.js'
import type { ExportTuning } from '../src/export/types.js'

interface Job {
  settings: Record<string, string>
  tuning?: Partial<ExportTuning>
  now: string
}

const job = JSON.parse(process.argv[2]) as Job
const raw: RawSettings = Object.fromEntries(
  Object.entries(job.settings).map(([name, value]) => [name, { value, label: name }])
)
const config = parseExportConfig(raw, {
  names: ACTION_NAMES,
  env: process.env,
  now: new Date(job.now)
})
const started = performance.now()
const cpuStart = process.cpuUsage()
const summary = await exportFromConfig(
  config,
  { log: { info: () => undefined, warn: (message) => process.stderr.write(`${message}\n`) } },
  {
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    tuning: job.tuning,
    now: new Date(job.now)
  }
)
const wallMs = performance.now() - started
const cpu = process.cpuUsage(cpuStart)
process.stdout.write(
  JSON.stringify({
    wallMs,
    harvestRequests: summary.harvestRequests,
    entries: summary.entries,
    daysWritten: summary.daysWritten,
    lateDaysWritten: summary.lateDaysWritten,
    resourcesWritten: summary.resourcesWritten,
    tablesWritten: summary.tables?.length ?? 0,
    cpuMs: (cpu.user + cpu.system) / 1000,
    peakRssMb: process.resourceUsage().maxRSS / 1024
  }) + '\n'
)
