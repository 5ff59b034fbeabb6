// Issue 12's benchmark: the same account exported with time entries only and with
// `resources: all`, each into its own prefix, first run and unchanged rerun.
import { LocalS3 } from '../sandbox/local-s3.js'
import { HARVEST_RATE_LIMIT } from '../src/harvest/rate-limiter.js'
import { measureExport, type Measure } from './measure.js'
import { startScenarioSimulator } from './simulator.js'

export const RESOURCES_SCENARIO = { name: '60k/91d', entries: 60_000, days: 91, latencyMs: 150 }

export async function benchResources(today: string, now: string) {
  const scenario = RESOURCES_SCENARIO
  const simulator = await startScenarioSimulator(scenario, today)
  const s3 = await new LocalS3().start()
  const pause = () =>
    new Promise((resolve) => setTimeout(resolve, HARVEST_RATE_LIMIT.windowMs + 500))
  const runs: Array<{ resources: string; run: string; measure: Measure }> = []
  try {
    for (const resources of ['time_entries', 'all']) {
      const settings = {
        's3-prefix': `${resources}/`,
        'days-back': String(scenario.days - 1),
        resources
      }
      for (const run of ['first run', 'unchanged rerun']) {
        runs.push({ resources, run, measure: await measureExport(simulator, s3, now, settings) })
        await pause()
      }
    }
    return { scenario, runs }
  } finally {
    await simulator.stop()
    await s3.stop()
  }
}

export function resourcesTable(result: Awaited<ReturnType<typeof benchResources>>): string {
  const rows = [
    '| resources | run | Harvest requests | wall s | S3 LIST/GET/HEAD/PUT | state GET/PUT | days written | resource objects written | peak RSS MB |',
    '|---|---|---:|---:|---|---|---:|---:|---:|'
  ]
  for (const { resources, run, measure: m } of result.runs)
    rows.push(
      `| ${resources} | ${run} | ${m.harvestRequests} | ${(m.wallMs / 1000).toFixed(2)} | ${m.s3.list}/${m.s3.get}/${m.s3.head}/${m.s3.put} | ${m.state.get}/${m.state.put} | ${m.daysWritten} | ${m.resourcesWritten} | ${m.peakRssMb.toFixed(0)} |`
    )
  return `${result.scenario.name}, ${result.scenario.latencyMs} ms per Harvest request\n\n${rows.join('\n')}`
}
