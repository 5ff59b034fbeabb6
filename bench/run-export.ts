// One benchmark export in its own process, so its peak RSS is the exporter's alone (the
// simulator and the S3 server run in the parent). Reads a JSON job from argv[2], prints a
// JSON result line.
import { parseConfig } from '../src/config/parse.js'
import type { ExportConfig } from '../src/config/config.js'
import type { RawSettings } from '../src/config/inputs.js'
import { executeExport } from '../src/run-export.js'
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
const config = parseConfig(raw, process.env, new Date(job.now)) as ExportConfig
config.aws.credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }
const started = performance.now()
const cpuStart = process.cpuUsage()
const summary = await executeExport(
  config,
  { log: { info: () => undefined, warn: (message) => process.stderr.write(`${message}\n`) } },
  { tuning: job.tuning, now: new Date(job.now) }
)
const wallMs = performance.now() - started
const cpu = process.cpuUsage(cpuStart)
process.stdout.write(
  JSON.stringify({
    wallMs,
    harvestRequests: summary.harvestRequests,
    entries: summary.entries,
    daysWritten: summary.daysWritten,
    cpuMs: (cpu.user + cpu.system) / 1000,
    peakRssMb: process.resourceUsage().maxRSS / 1024
  }) + '\n'
)
