import type { TimeEntry } from '../harvest/types.js'
import type { ClosedChange } from './closed-changes.js'
import { changeLogKey } from './layout.js'
import type { RunContext } from './run-context.js'
import { CONTENT_TYPES, serializeEntries, sortEntries } from './serialize.js'
import { utf8Bytes } from '../util/utf8.js'

/** `changes: true`: one object per kind of change, and closed-time `{ before, after }` pairs. */
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

export function closedLogKey(run: RunContext): string {
  return changeLogKey(run.settings.prefix, 'closed', run.window.today, run.window.time)
}
