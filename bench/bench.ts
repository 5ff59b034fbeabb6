// `npm run bench`: exports from the Harvest simulator (latency and Harvest's real rate limit
// on) into a local S3 server, for several account sizes, and compares each with a
// sequential baseline (one range, one request at a time) measured in the same run. Each
// scenario runs first, unchanged, after a day of changes, and the next day (window moved).
// Then runs the Lambda handler from the release zip in a cgroup with the function's memory and
// CPU (bench/lambda.ts). Prints tables and writes bench/results.json. Options: --quick
// (smallest scenario only), --scenario NAME (repeatable), --only exports | lambda |
// late-edits (issue 11: a 730-day archive swept by rolling runs) | resources (issue 12) |
// fault-storm (24 random fault schedules; the test suite runs a short storm) | tables (issue 27:
// first runs without and with tables: parquet, and an unchanged rerun with them) | verify
// (issue 26: verify of a 60k/91d and a 250k/365d archive),
// --lambda-scenario 1000k/1461d[,...] (other account sizes for the Lambda part),
// --lambda-memory MB[,MB...] (default 512), --lambda-runs first,rerun,changed (default all three),
// --repeat N (each export scenario N times from scratch, medians shown).
import { cpus, totalmem } from 'node:os'
import { writeFile } from 'node:fs/promises'
import type { HarvestSimulator } from '../sandbox/harvest-simulator.js'
import { LocalS3 } from '../sandbox/local-s3.js'
import { DEFAULT_TUNING, type ExportTuning } from '../src/export/types.js'
import { PAGE_SIZE } from '../src/harvest/client.js'
import { HARVEST_RATE_LIMIT } from '../src/harvest/rate-limiter.js'
import { dayOfChanges } from './day-of-changes.js'
import { benchFaultStorm, faultStormTable } from './fault-storm.js'
import { benchLateEdits, lateEditsTable, LATE_EDITS_SCENARIO } from './late-edits.js'
import { measureExport, type Measure } from './measure.js'
import { benchResources, resourcesTable, RESOURCES_SCENARIO } from './resources.js'
import { benchTables, tablesTable } from './tables.js'
import { startScenarioSimulator } from './simulator.js'
import { benchLambda, lambdaTable, LAMBDA_TIMEOUT_MS, type LambdaRunKind } from './lambda.js'
import { benchVerify, verifyTable } from './verify.js'

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
/** The scheduled run a day later: its window has moved on by a day. */
const NEXT_DAY = '2025-07-01'
const NEXT_NOW = `${NEXT_DAY}T12:00:00Z`

function exportOnce(
  simulator: HarvestSimulator,
  s3: LocalS3,
  scenario: Scenario,
  prefix: string,
  tuning?: Partial<ExportTuning>,
  now = NOW
): Promise<Measure> {
  return measureExport(
    simulator,
    s3,
    now,
    { 's3-prefix': prefix, 'days-back': String(scenario.days - 1) },
    tuning
  )
}

/** The fastest any client could go: Harvest's rate limit, or latency spread over the concurrency. */
function wallBoundMs(requests: number, latencyMs: number, concurrency: number): number {
  const rateBound =
    Math.floor((requests - 1) / HARVEST_RATE_LIMIT.max) * HARVEST_RATE_LIMIT.windowMs
  return Math.max(rateBound, (requests * latencyMs) / concurrency)
}

async function benchScenario(scenario: Scenario) {
  const simulator = await startScenarioSimulator(scenario, TODAY)
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
    dayOfChanges(simulator, scenario, TODAY)
    const changed = await exportOnce(simulator, s3, scenario, 'fast/')
    await pause()
    dayOfChanges(simulator, scenario, NEXT_DAY)
    const nextDay = await exportOnce(simulator, s3, scenario, 'fast/', undefined, NEXT_NOW)
    await pause()
    const baseline = await exportOnce(simulator, s3, scenario, 'serial/', {
      ranges: 1,
      concurrency: 1
    })
    await pause()
    const lowerBound = Math.ceil(scenario.entries / PAGE_SIZE)
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
      changed,
      nextDay,
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

type ScenarioResult = Awaited<ReturnType<typeof benchScenario>>

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/**
 * Times and memory as medians over the repeats; counts (requests, S3 calls) are the same in
 * every repeat of a deterministic scenario, and the first one's are shown.
 */
function medianResult(repeats: ScenarioResult[]): ScenarioResult & { repeats: number } {
  const of = <T extends Measure>(pick: (r: ScenarioResult) => T): T => ({
    ...pick(repeats[0]),
    wallMs: median(repeats.map((r) => pick(r).wallMs)),
    cpuMs: median(repeats.map((r) => pick(r).cpuMs)),
    serversCpuMs: median(repeats.map((r) => pick(r).serversCpuMs)),
    peakRssMb: median(repeats.map((r) => pick(r).peakRssMb))
  })
  return {
    ...repeats[0],
    first: of((r) => r.first),
    rerun: of((r) => r.rerun),
    changed: of((r) => r.changed),
    nextDay: of((r) => r.nextDay),
    baseline: of((r) => r.baseline),
    speedup: median(repeats.map((r) => r.speedup)),
    repeats: repeats.length
  }
}

const args = process.argv.slice(2)
function option(name: string): string | undefined {
  const index = args.indexOf(name)
  return index >= 0 ? args[index + 1] : undefined
}
const part = option('--only')
const PARTS = ['exports', 'lambda', 'late-edits', 'resources', 'tables', 'fault-storm', 'verify']
if (part !== undefined && !PARTS.includes(part))
  throw new Error(`--only takes ${PARTS.join(', ')}, not ${part}`)
/** --quick and --scenario pick export scenarios: the issue parts then run only when asked. */
const picked = args.includes('--quick') || args.includes('--scenario')
const runs = (name: string) =>
  part === name || (part === undefined && (!picked || name === 'exports' || name === 'lambda'))
const only = args.includes('--quick')
  ? [SCENARIOS[0]]
  : SCENARIOS.filter((s) => !args.includes('--scenario') || args.includes(s.name))
/** The Lambda scenario's sizes: a quarter and a year, unless --quick or --scenario picks others. */
const LAMBDA_SCENARIOS = ['60k/91d', '250k/365d']
/** `--lambda-scenario 1000k/1461d`: an account of 1,000,000 entries over 1,461 days, 150 ms. */
function sizedScenario(name: string): Scenario {
  const match = /^(\d+)k\/(\d+)d$/.exec(name)
  if (!match) throw new Error(`--lambda-scenario takes sizes like 1000k/1461d, not ${name}`)
  return { name, entries: Number(match[1]) * 1000, days: Number(match[2]), latencyMs: 150 }
}
const lambdaScenarios = option('--lambda-scenario')
  ? option('--lambda-scenario')!.split(',').map(sizedScenario)
  : args.includes('--quick') || args.includes('--scenario')
    ? only
    : SCENARIOS.filter((s) => LAMBDA_SCENARIOS.includes(s.name))
const lambdaMemories = (option('--lambda-memory') ?? '512').split(',').map((mb) => {
  const value = Number(mb)
  if (!Number.isInteger(value) || value < 128 || value > 10240)
    throw new Error(`--lambda-memory takes MB from 128 to 10240, comma-separated, not ${mb}`)
  return value
})
const lambdaRuns = (option('--lambda-runs') ?? 'first,rerun,changed').split(',') as LambdaRunKind[]
if (lambdaRuns.some((kind) => !['first', 'rerun', 'changed'].includes(kind)))
  throw new Error(`--lambda-runs takes first, rerun and changed, comma-separated`)

/** `--repeat N`: every export scenario N times from scratch; the tables show medians. */
const repeat = Number(option('--repeat') ?? '1')
if (!Number.isInteger(repeat) || repeat < 1)
  throw new Error(`--repeat takes a count, not ${repeat}`)
const results = []
if (runs('exports'))
  for (const scenario of only) {
    const repeats = []
    for (let index = 1; index <= repeat; index++) {
      process.stderr.write(`running ${scenario.name} (${index}/${repeat}) ...\n`)
      repeats.push(await benchScenario(scenario))
    }
    results.push(medianResult(repeats))
  }
const lambda = runs('lambda')
  ? await benchLambda(lambdaScenarios, lambdaMemories, lambdaRuns)
  : undefined

if (runs('late-edits')) process.stderr.write(`running ${LATE_EDITS_SCENARIO.name} ...\n`)
const lateEdits = runs('late-edits') ? await benchLateEdits(TODAY, NOW) : undefined
if (runs('resources'))
  process.stderr.write(`running resources: all on ${RESOURCES_SCENARIO.name} ...\n`)
const resources = runs('resources') ? await benchResources(TODAY, NOW) : undefined
const tables = runs('tables') ? await benchTables(TODAY, NOW) : undefined
if (runs('fault-storm')) process.stderr.write('running the long fault storm ...\n')
const faultStormResult = runs('fault-storm') ? await benchFaultStorm() : undefined
const verify = runs('verify') ? await benchVerify(TODAY, NOW) : undefined

const f = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a')
const rows = [
  '| scenario | run | Harvest requests (bound) | requests/bound | wall s (bound) | wall/bound | S3 LIST/GET/HEAD/PUT | peak RSS MB | exporter CPU s | simulator + S3 CPU s |',
  '|---|---|---:|---:|---:|---:|---|---:|---:|---:|'
]
for (const r of results) {
  const row = (name: string, m: Measure, bound: number, concurrency: number) => {
    const wallBound = wallBoundMs(m.harvestRequests, r.scenario.latencyMs, concurrency)
    return `| ${r.scenario.name} | ${name} | ${m.harvestRequests} (${bound}) | ${f(m.harvestRequests / bound, 2)} | ${f(m.wallMs / 1000, 2)} (${f(wallBound / 1000, 2)}) | ${f(m.wallMs / wallBound, 2)} | ${m.s3.list}/${m.s3.get}/${m.s3.head}/${m.s3.put} | ${f(m.peakRssMb)} | ${f(m.cpuMs / 1000, 2)} | ${f(m.serversCpuMs / 1000, 2)} |`
  }
  const changedBound = Math.ceil(r.changed.entries / PAGE_SIZE)
  const nextDayBound = Math.ceil(r.nextDay.entries / PAGE_SIZE)
  rows.push(
    row('first run, concurrent', r.first, r.requestsLowerBound, DEFAULT_TUNING.concurrency),
    row('unchanged rerun', r.rerun, r.requestsLowerBound, DEFAULT_TUNING.concurrency),
    row('after a day of changes', r.changed, changedBound, DEFAULT_TUNING.concurrency),
    row('next day (window moved)', r.nextDay, nextDayBound, DEFAULT_TUNING.concurrency),
    row('first run, sequential', r.baseline, r.requestsLowerBound, 1)
  )
}
const machine = `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${f(totalmem() / 2 ** 30)} GiB, Node ${process.version}`
console.log(`Machine: ${machine}`)
if (results.length > 0) {
  console.log(
    `Latency ${only[0]?.latencyMs} ms per Harvest request, rate limit ${HARVEST_RATE_LIMIT.max}/${HARVEST_RATE_LIMIT.windowMs / 1000} s, concurrency ${DEFAULT_TUNING.concurrency}` +
      `${repeat > 1 ? `; wall, peak RSS and CPU are medians of ${repeat} repeats` : ''}\n\n${rows.join('\n')}\n`
  )
  for (const r of results)
    console.log(`${r.scenario.name}: speed-up over sequential ${f(r.speedup, 2)}x`)
}
if (lambda && 'skipped' in lambda) console.log(`\nLambda as deployed: skipped, ${lambda.skipped}.`)
else if (lambda)
  console.log(
    `\nLambda as deployed: ${lambda.zip} (${lambda.zipBytes} bytes) on Node 24 in a cgroup v1 per invocation, memory limit as shown, CPU quota memory/1769 of one CPU, timeout ${LAMBDA_TIMEOUT_MS / 1000} s, scheduled event\n\n${lambdaTable(lambda.results)}\n`
  )
if (lateEdits) console.log(`\nLate edits (issue 11): ${lateEditsTable(lateEdits)}\n`)
if (resources) console.log(`\nOther resources (issue 12): ${resourcesTable(resources)}\n`)
if (tables)
  console.log(
    `\nTables for queries (issue 27), 150 ms per Harvest request\n\n${tablesTable(tables)}\n`
  )
if (faultStormResult) console.log(`\nFault storm: ${faultStormTable(faultStormResult)}\n`)
if (verify) console.log(`\nVerify (issue 26): ${verifyTable(verify)}\n`)
await writeFile(
  'bench/results.json',
  JSON.stringify(
    {
      machine,
      date: new Date().toISOString(),
      results,
      lambda,
      lateEdits,
      resources,
      tables,
      faultStorm: faultStormResult,
      verify
    },
    null,
    2
  ) + '\n'
)
