import type { TimeEntry } from '../harvest/types.js'
import type { ClosedChange } from './closed-changes.js'
import { changeLogKey } from './layout.js'
import type { RunContext } from './run-context.js'
import { CONTENT_TYPES, serializeEntries, sortEntries } from './serialize.js'
import { utf8Bytes } from '../util/utf8.js'

/**
 * `changes: true`: the run's new, updated and deleted entries, one JSON object per kind, and
 * the changes to closed time as `{ before, after }` pairs (each object only when non-empty).
 */
export async function writeChangeLog(
  run: RunContext,
  log: { new: TimeEntry[]; updated: TimeEntry[]; deleted: TimeEntry[] },
  closed: readonly ClosedChange[]
): Promise<void> {
  for (const kind of ['new', 'updated', 'deleted'] as const) {
    if (log[kind].length === 0) continue
    await run.writer.syncWhole({
      key: changeLogKey(run.settings.prefix, kind, run.window.today, run.window.time),
      body: serializeEntries(sortEntries(log[kind]), 'json'),
      contentType: CONTENT_TYPES.json
    })
  }
  if (closed.length === 0) return
  const pairs = closed.map(({ before, after }) => ({ before, after }))
  await run.writer.syncWhole({
    key: closedLogKey(run),
    body: utf8Bytes(JSON.stringify(pairs, null, 2), '\n'),
    contentType: CONTENT_TYPES.json
  })
}

/** Where this run's changes to closed time are (or would be) logged with `changes: true`. */
export function closedLogKey(run: RunContext): string {
  return changeLogKey(run.settings.prefix, 'closed', run.window.today, run.window.time)
}
