import type { TimeEntry } from '../harvest/types.js'
import { changeLogKey } from './layout.js'
import type { RunContext } from './run-context.js'
import { CONTENT_TYPES, serializeEntries, sortEntries } from './serialize.js'

/** `changes: true`: the run's new, updated and deleted entries, one JSON object per kind. */
export async function writeChangeLog(
  run: RunContext,
  log: { new: TimeEntry[]; updated: TimeEntry[]; deleted: TimeEntry[] }
): Promise<void> {
  for (const kind of ['new', 'updated', 'deleted'] as const) {
    if (log[kind].length === 0) continue
    await run.writer.syncWhole({
      key: changeLogKey(run.settings.prefix, kind, run.window.today, run.window.time),
      body: serializeEntries(sortEntries(log[kind]), 'json'),
      contentType: CONTENT_TYPES.json
    })
  }
}
