// Issue 27's benchmark: the same account exported without and with `tables: parquet`,
// each into its own prefix (first runs), then an unchanged rerun with tables, which must
// write no table and read no day file.
import { LocalS3 } from '../sandbox/local-s3.js'
import { HARVEST_RATE_LIMIT } from '../src/harvest/rate-limiter.js'
import { measureExport, type Measure } from './measure.js'
import { startScenarioSimulator } from './simulator.js'

export const TABLES_SCENARIOS = [
  { name: '60k/91d', entries: 60_000, days: 91, latencyMs: 150 },
  { name: '250k/365d', entries: 250_000, days: 365, latencyMs: 150 }
]

type Scenario = (typeof TABLES_SCENARIOS)[number]

async function benchScenario(scenario: Scenario, now: string, today: string) {
  const simulator = await startScenarioSimulator(scenario, today)
  const s3 = await new LocalS3().start()
  const pause = () =>
    new Promise((resolve) => setTimeout(resolve, HARVEST_RATE_LIMIT.windowMs + 500))
  const runs: Array<{ run: string; measure: Measure }> = []
  const window = { 'days-back': String(scenario.days - 1) }
  try {
    const plain = { ...window, 's3-prefix': 'plain/' }
    const tables = { ...window, 's3-prefix': 'tables/', tables: 'parquet' }
    runs.push({
      run: 'first run, no tables',
      measure: await measureExport(simulator, s3, now, plain)
    })
    await pause()
    runs.push({
      run: 'first run, tables',
      measure: await measureExport(simulator, s3, now, tables)
    })
    await pause()
    runs.push({
      run: 'unchanged rerun, tables',
      measure: await measureExport(simulator, s3, now, tables)
    })
    return { scenario, runs }
  } finally {
    await simulator.stop()
    await s3.stop()
  }
}

export async function benchTables(today: string, now: string) {
  const results = []
  for (const scenario of TABLES_SCENARIOS) {
    process.stderr.write(`running tables on ${scenario.name} ...\n`)
    results.push(await benchScenario(scenario, now, today))
  }
  return results
}

export function tablesTable(results: Awaited<ReturnType<typeof benchTables>>): string {
  const rows = [
    '| scenario | run | wall s | exporter CPU s | CPU vs no tables | peak RSS MB | S3 LIST/GET/HEAD/PUT | tables written |',
    '|---|---|---:|---:|---:|---:|---|---:|'
  ]
  for (const { scenario, runs } of results) {
    const base = runs[0].measure.cpuMs
    for (const { run, measure: m } of runs)
      rows.push(
        `| ${scenario.name} | ${run} | ${(m.wallMs / 1000).toFixed(2)} | ${(m.cpuMs / 1000).toFixed(2)} | ${run.startsWith('first') ? `${((m.cpuMs / base - 1) * 100).toFixed(0)}%` : ''} | ${m.peakRssMb.toFixed(0)} | ${m.s3.list}/${m.s3.get}/${m.s3.head}/${m.s3.put} | ${m.tablesWritten ?? 0} |`
      )
  }
  return rows.join('\n')
}
