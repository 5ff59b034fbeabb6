import { DayFiles } from './day-files.js'
import type { LayoutTarget, RunContext, Target } from './run-context.js'
import type { DayEntries } from './run-report.js'
import { Snapshot } from './snapshot.js'
import { LatestObject, WholeWindow } from './whole-window.js'

/**
 * The objects the window's days make true, for the configured layout: the only place that
 * knows which layouts exist. `targets` holds `layout` and every other object fed by the
 * same days (the whole-window buffer, the `latest-key` file), in the order they finish.
 */
export function windowTargets(run: RunContext): {
  layout: LayoutTarget
  targets: Array<Target<DayEntries[]>>
} {
  const { layout: name, latestKey, prefix } = run.settings
  const whole = name === 'snapshot' || latestKey !== undefined ? new WholeWindow(run) : undefined
  const layout = name === 'snapshot' ? new Snapshot(run, whole!) : new DayFiles(run)
  const targets: Array<Target<DayEntries[]>> = [layout]
  if (whole) targets.unshift(whole)
  if (latestKey !== undefined) targets.push(new LatestObject(run, whole!, `${prefix}${latestKey}`))
  return { layout, targets }
}
