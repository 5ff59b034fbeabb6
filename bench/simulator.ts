import { HarvestSimulator } from '../sandbox/harvest-simulator.js'
import { addDays } from '../src/util/calendar.js'

/** A started simulator with a scenario's entries spread over its days up to `today` (seed 11, as every bench). */
export async function startScenarioSimulator(
  scenario: { entries: number; days: number; latencyMs: number },
  today: string
): Promise<HarvestSimulator> {
  const simulator = new HarvestSimulator({
    entries: scenario.entries,
    from: addDays(today, -(scenario.days - 1)),
    to: today,
    seed: 11,
    latencyMs: scenario.latencyMs
  })
  await simulator.start()
  return simulator
}
