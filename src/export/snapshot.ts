import type { TimeEntry } from '../harvest/types.js'
import { diffEntries } from './changes.js'
import { dateOfKey, snapshotKey } from './layout.js'
import {
  emptyWindowRefusal,
  storedEntries,
  type LayoutTarget,
  type RunContext
} from './run-context.js'
import { parseEntries } from './serialize.js'
import { ASK_STORE, type Decision } from './sync-object.js'
import type { WholeWindow } from './whole-window.js'

/**
 * One object for the run date holding the whole window, written once every day is read. Its
 * changes are measured against the stored snapshot, or the baseline when there is none yet.
 */
export class Snapshot implements LayoutTarget {
  readonly fetchPhase = 'Fetch from Harvest'
  readonly storedBytes: ReadonlyMap<string, number> = new Map()

  constructor(
    private readonly run: RunContext,
    private readonly whole: WholeWindow
  ) {}

  async finish(complete: boolean): Promise<void> {
    if (!complete) return
    const { settings, window, writer, book } = this.run
    const { entries } = this.whole.entries()
    const wanted = this.whole.object(snapshotKey(this.run.scheme, window.today))
    await writer.sync({ wanted, known: ASK_STORE, wantPrevious: true }, async (inspection) => {
      if (inspection.unchanged) {
        for (const date of book.dates()) book.settle(date, 'unchanged')
        return 'done'
      }
      const baseline = inspection.previous
        ? storedEntries(this.run, inspection)
        : await this.baseline()
      const before = baseline.filter(
        (entry) => entry.spent_date >= window.from && entry.spent_date <= window.to
      )
      if (entries.length === 0 && before.length > 0 && !settings.allowEmpty)
        throw emptyWindowRefusal(
          window,
          `the stored snapshot holds ${before.length} entries for it`
        )
      const decision: Decision = await writer.commit(inspection)
      if (decision === 'done') this.recordDays(before, entries)
      return decision
    })
  }

  private recordDays(before: TimeEntry[], after: TimeEntry[]): void {
    const byDate = new Map<string, { before: TimeEntry[]; after: TimeEntry[] }>()
    const bucket = (date: string) =>
      byDate.get(date) ?? byDate.set(date, { before: [], after: [] }).get(date)!
    for (const entry of before) bucket(entry.spent_date).before.push(entry)
    for (const entry of after) bucket(entry.spent_date).after.push(entry)
    for (const date of this.run.book.dates()) {
      const { before: old = [], after: now = [] } = byDate.get(date) ?? {}
      const diff = diffEntries(old, now)
      this.run.ledger.record(date, diff)
      const changed = diff.added.length + diff.updated.length + diff.deleted.length > 0
      this.run.book.settle(date, changed ? 'written' : 'unchanged')
    }
  }

  /** The newest earlier snapshot, else the `latestKey` file; a read error is never "no data". */
  private async baseline(): Promise<TimeEntry[]> {
    const { scheme, window, writer, settings } = this.run
    const own = snapshotKey(scheme, window.today)
    const listed = await writer.store.list(scheme.prefix, scheme.prefix, own)
    const snapshots = listed.map((object) => object.key).filter((key) => dateOfKey(scheme, key))
    const latest = settings.latestKey
    const key =
      snapshots.sort().pop() ?? (latest !== undefined ? `${scheme.prefix}${latest}` : undefined)
    if (key === undefined) return []
    const object = await writer.store.get(key)
    return (object && parseEntries(object.body)) ?? []
  }
}
