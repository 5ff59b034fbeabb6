import { DayFiles } from './day-files.js'
import type { LayoutTarget, RunContext, Target } from './run-context.js'
import type { DayEntries } from './day-book.js'
import { Snapshot } from './snapshot.js'
import { LatestObject, WholeWindow } from './whole-window.js'

/**
 * The objects the window's days make true, for the configured layout: the only place that
 * knows which layouts exist. `targets` holds `layout` and every other object fed by the
 * same days (the whole-window buffer, the `latestKey` file), in the order they finish.
 */
export function windowTargets(run: RunContext): {
  layout: LayoutTarget
  targets: Array<Target<DayEntries[]>>
} {
  const { layout: name, latestKey, prefix } = run.settings
  // Fed (and so holding the window in memory) only when an object needs the whole window.
  const whole = new WholeWindow(run)
  const layout = name === 'snapshot' ? new Snapshot(run, whole) : new DayFiles(run)
  const latest =
    latestKey === undefined ? [] : [new LatestObject(run, whole, `${prefix}${latestKey}`)]
  const targets: Array<Target<DayEntries[]>> = [layout, ...latest]
  if (name === 'snapshot' || latest.length > 0) targets.unshift(whole)
  return { layout, targets }
}
