// One benchmark verify in its own process, so its peak RSS is verify's alone (the simulator
// and the S3 server run in the parent). Reads a JSON job from argv[2], prints a JSON result line.
import type { RawSettings } from '../src/config/inputs.js'
import { parseVerifyConfig } from '../src/config/parse-export.js'
import { ACTION_NAMES } from '../src/config/setting-names.js'
import { verifyFromConfig } from '../src/run-verify.js'

const job = JSON.parse(process.argv[2]) as {
  settings: Record<string, string>
  readsAhead?: number
}
const raw: RawSettings = Object.fromEntries(
  Object.entries(job.settings).map(([name, value]) => [name, { value, label: name }])
)
const config = parseVerifyConfig(raw, { names: ACTION_NAMES, env: process.env })
const started = performance.now()
const cpuStart = process.cpuUsage()
const result = await verifyFromConfig(
  config,
  { info: () => undefined, warn: (message) => process.stderr.write(`${message}\n`) },
  {
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    readsAhead: job.readsAhead
  }
)
const cpu = process.cpuUsage(cpuStart)
process.stdout.write(
  JSON.stringify({
    wallMs: performance.now() - started,
    problems: result.problems.length,
    daysChecked: result.daysChecked,
    entries: result.entries,
    harvestRequests: result.harvestRequests,
    cpuMs: (cpu.user + cpu.system) / 1000,
    peakRssMb: process.resourceUsage().maxRSS / 1024
  }) + '\n'
)
