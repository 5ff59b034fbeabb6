import type { HarvestSimulator } from '../sandbox/harvest-simulator.js'
import { addDays } from '../src/util/calendar.js'

/**
 * What a day does to an account between two scheduled runs: a day's worth of new entries
 * today, 1% of the window's entries edited, 0.2% moved to another day, 0.2% deleted. The
 * run after it shows what planning from the stored sizes gets when they are a little stale.
 */
export function dayOfChanges(
  simulator: HarvestSimulator,
  scenario: { entries: number; days: number },
  today: string
): void {
  const from = addDays(today, -(scenario.days - 1))
  const window = simulator.entries.filter((e) => e.spent_date >= from && e.spent_date <= today)
  window.forEach((entry, index) => {
    if (index % 100 === 7) simulator.update(entry.id, { notes: `edited ${entry.id}` })
    else if (index % 500 === 11)
      simulator.move(entry.id, addDays(entry.spent_date, -3 + (index % 7)))
    else if (index % 500 === 13) simulator.remove(entry.id)
  })
  for (let i = 0; i < Math.round(scenario.entries / scenario.days); i++)
    simulator.add({ spent_date: today })
}
