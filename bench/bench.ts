// `npm run bench`: exports from the Harvest simulator (latency and Harvest's real rate limit
// on) into a local S3 server, for several account sizes, and compares each with a
// sequential baseline (one range, one request at a time) measured in the same run.
// Prints a table and writes bench/results.json. Options: --quick (smallest scenario only),
// --scenario NAME.
import { execFile } from 'node:child_process'
import { cpus, totalmem } from 'node:os'
import { writeFile } from 'node:fs/promises'
import { promisify } from 'node:util'
import { HarvestSimulator } from '../sandbox/harvest-simulator.js'
import { LocalS3 } from '../sandbox/local-s3.js'
import { addDays } from '../src/export/dates.js'
import { DEFAULT_TUNING, type ExportTuning } from '../src/export/types.js'
import { HARVEST_RATE_LIMIT } from '../src/harvest/rate-limiter.js'

const run = promisify(execFile)

interface Scenario {
  name: string
  entries: number
  days: number
  latencyMs: number
}

const SCENARIOS: Scenario[] = [
  { name: '5k/30d', entries: 5_000, days: 30, latencyMs: 150 },
  { name: '60k/91d', entries: 60_000, days: 91, latencyMs: 150 },
  { name: '60k/91d/0ms', entries: 60_000, days: 91, latencyMs: 0 },
  { name: '250k/365d', entries: 250_000, days: 365, latencyMs: 150 }
]
const TODAY = '2025-06-30'
const NOW = `${TODAY}T12:00:00Z`

interface Measure {
  wallMs: number
  harvestRequests: number
  entries: number
  daysWritten: number
  peakRssMb: number
  cpuMs: number
  s3: { list: number; get: number; head: number; put: number }
}

async function exportOnce(
  simulator: HarvestSimulator,
  s3: LocalS3,
  scenario: Scenario,
  prefix: string,
  tuning?: Partial<ExportTuning>
): Promise<Measure> {
  s3.resetCounts()
  const job = {
    now: NOW,
    tuning,
    settings: {
      'harvest-account-id': simulator.accountId,
      'harvest-access-token': simulator.token,
      'harvest-url': simulator.url,
      's3-bucket': s3.bucket,
      's3-endpoint': s3.endpoint,
      's3-prefix': prefix,
      'days-back': String(scenario.days - 1)
    }
  }
  const { stdout } = await run('npx', ['tsx', 'bench/run-export.ts', JSON.stringify(job)], {
    env: {
      ...process.env,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS ?? ''
    },
    maxBuffer: 1 << 24
  })
  const result = JSON.parse(stdout.trim().split('\n').pop()!) as Omit<Measure, 's3'>
  return {
    ...result,
    s3: {
      list: s3.count('list'),
      get: s3.count('get'),
      head: s3.count('head'),
      put: s3.count('put')
    }
  }
}

/** The fastest any client could go: Harvest's rate limit, or latency spread over the concurrency. */
function wallBoundMs(requests: number, latencyMs: number, concurrency: number): number {
  const rateBound =
    Math.floor((requests - 1) / HARVEST_RATE_LIMIT.max) * HARVEST_RATE_LIMIT.windowMs
  return Math.max(rateBound, (requests * latencyMs) / concurrency)
}

async function benchScenario(scenario: Scenario) {
  const simulator = new HarvestSimulator({
    entries: scenario.entries,
    from: addDays(TODAY, -(scenario.days - 1)),
    to: TODAY,
    seed: 11,
    latencyMs: scenario.latencyMs
  })
  await simulator.start()
  const s3 = await new LocalS3().start()
  try {
    const pause = () =>
      new Promise((resolve) => setTimeout(resolve, HARVEST_RATE_LIMIT.windowMs + 500))
    const tuning = process.env.BENCH_TUNING
      ? (JSON.parse(process.env.BENCH_TUNING) as Partial<ExportTuning>)
      : undefined
    const first = await exportOnce(simulator, s3, scenario, 'fast/', tuning)
    await pause()
    const rerun = await exportOnce(simulator, s3, scenario, 'fast/')
    await pause()
    const baseline = await exportOnce(simulator, s3, scenario, 'serial/', {
      ranges: 1,
      concurrency: 1
    })
    await pause()
    const lowerBound = Math.ceil(scenario.entries / 2000)
    return {
      scenario,
      requestsLowerBound: lowerBound,
      first: {
        ...first,
        wallBoundMs: wallBoundMs(
          first.harvestRequests,
          scenario.latencyMs,
          DEFAULT_TUNING.concurrency
        )
      },
      rerun,
      baseline: {
        ...baseline,
        wallBoundMs: wallBoundMs(baseline.harvestRequests, scenario.latencyMs, 1)
      },
      speedup: baseline.wallMs / first.wallMs
    }
  } finally {
    await simulator.stop()
    await s3.stop()
  }
}

const args = process.argv.slice(2)
const only = args.includes('--quick')
  ? [SCENARIOS[0]]
  : SCENARIOS.filter((s) => !args.includes('--scenario') || args.includes(s.name))
const results = []
for (const scenario of only) {
  process.stderr.write(`running ${scenario.name} ...\n`)
  results.push(await benchScenario(scenario))
}

const f = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a')
const rows = [
  '| scenario | mode | Harvest requests (bound) | wall s (bound) | wall/bound | S3 LIST/GET/HEAD/PUT first | rerun LIST/GET/HEAD/PUT | peak RSS MB | exporter CPU s |',
  '|---|---|---:|---:|---:|---|---|---:|---:|'
]
for (const r of results) {
  const s3 = (m: Measure) => `${m.s3.list}/${m.s3.get}/${m.s3.head}/${m.s3.put}`
  rows.push(
    `| ${r.scenario.name} | concurrent | ${r.first.harvestRequests} (${r.requestsLowerBound}) | ${f(r.first.wallMs / 1000, 2)} (${f(r.first.wallBoundMs / 1000, 2)}) | ${f(r.first.wallMs / r.first.wallBoundMs, 2)} | ${s3(r.first)} | ${s3(r.rerun)} | ${f(r.first.peakRssMb)} | ${f(r.first.cpuMs / 1000, 2)} |`,
    `| ${r.scenario.name} | sequential | ${r.baseline.harvestRequests} (${r.requestsLowerBound}) | ${f(r.baseline.wallMs / 1000, 2)} (${f(r.baseline.wallBoundMs / 1000, 2)}) | ${f(r.baseline.wallMs / r.baseline.wallBoundMs, 2)} | ${s3(r.baseline)} | | ${f(r.baseline.peakRssMb)} | ${f(r.baseline.cpuMs / 1000, 2)} |`
  )
}
const machine = `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${f(totalmem() / 2 ** 30)} GiB, Node ${process.version}`
const table = rows.join('\n')
console.log(
  `Machine: ${machine}\nLatency ${only[0]?.latencyMs} ms per Harvest request, rate limit ${HARVEST_RATE_LIMIT.max}/${HARVEST_RATE_LIMIT.windowMs / 1000} s, concurrency ${DEFAULT_TUNING.concurrency}\n\n${table}\n`
)
for (const r of results)
  console.log(`${r.scenario.name}: speed-up over sequential ${f(r.speedup, 2)}x`)
await writeFile(
  'bench/results.json',
  JSON.stringify({ machine, date: new Date().toISOString(), results }, null, 2) + '\n'
)
