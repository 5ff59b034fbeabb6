/**
 * A prefix's layout and format, recorded in its state: a run of another shape would start a
 * second archive beside the first (or, as a snapshot, overwrite a day file), left out of sync.
 */
import type { KeyScheme } from '../export/layout.js'
import type { Format } from '../export/serialize.js'
import { setting, words, type Wording } from '../wording.js'

/** The layouts that keep one file per day, and so a state. */
export const ARCHIVE_LAYOUTS = ['flat', 'hive'] as const
export type ArchiveLayout = (typeof ARCHIVE_LAYOUTS)[number]

export interface ArchiveShape {
  layout: ArchiveLayout
  format: Format
}

/** What a run writes: any layout, snapshots included. */
export type RunShape = Omit<KeyScheme, 'prefix'>

/**
 * Why a run of shape `run` must not write under a prefix whose state is `recorded` (a state
 * written before shapes were recorded has none: `undefined`), or undefined when it may.
 */
export function shapeConflict(
  recorded: Partial<ArchiveShape>,
  run: RunShape,
  key: string
): Wording | undefined {
  const { layout, format } = recorded
  const snapshot = run.layout === 'snapshot'
  const layoutDiffers = snapshot || (layout !== undefined && layout !== run.layout)
  const formatDiffers = format !== undefined && format !== run.format
  if (!layoutDiffers && !formatDiffers) return undefined
  // A snapshot's key is a flat day file's: it would replace that day, not sit beside it.
  const overwrite =
    snapshot && layout === 'flat'
      ? `, whose object for the run's date has that day file's key and would overwrite it`
      : ''
  const archive =
    layout !== undefined && format !== undefined
      ? `is ${layout}/${format} (recorded in ${key})`
      : `keeps one file per day (its state is ${key}; the state records no layout yet)`
  const keep: Wording[] = []
  if (layoutDiffers)
    keep.push(
      layout === undefined
        ? words`the ${setting('layout')} it was written with`
        : words`${setting('layout', layout)}`
    )
  if (formatDiffers) keep.push(words`${setting('format', format)}`)
  const kept = keep.length === 2 ? words`${keep[0]} and ${keep[1]}` : keep[0]
  return words`The archive under this prefix ${archive}, but this run writes ${run.layout}/${run.format}${overwrite}. Nothing was written. Use another ${setting('s3Prefix')}, or keep ${kept}.`
}
