import type { TimeEntry } from '../harvest/types.js'
import type { RunContext, Target } from './run-context.js'
import type { DayEntries } from './day-book.js'
import { CONTENT_TYPES, serializeEntries } from './serialize.js'
import type { WantedObject } from './sync-object.js'

/**
 * Each day's sorted entries, only when an object holds the whole window (snapshot, `latestKey`),
 * and the `latestKey` object (`latest`), written once the layout's objects are.
 */
export class WholeWindow implements Target<DayEntries[]> {
  private readonly days = new Map<string, TimeEntry[]>()
  private cache?: { entries: TimeEntry[]; body: Buffer }

  constructor(
    private readonly run: RunContext,
    private readonly latest?: string
  ) {}

  accept(days: DayEntries[]): Promise<void> {
    for (const { date, entries } of days) this.days.set(date, entries)
    return Promise.resolve()
  }

  entries(): { entries: TimeEntry[]; body: Buffer } {
    if (!this.cache) {
      // Days in date order, each already sorted: the window in day-file order without a re-sort.
      const entries = [...this.run.book.dates()].flatMap((date) => this.days.get(date) ?? [])
      this.cache = { entries, body: serializeEntries(entries, this.run.settings.format) }
    }
    return this.cache
  }

  object(key: string): WantedObject {
    return { key, body: this.entries().body, contentType: CONTENT_TYPES[this.run.settings.format] }
  }

  async finish(complete: boolean): Promise<void> {
    if (complete && this.latest !== undefined)
      await this.run.writer.syncWhole(this.object(this.latest))
  }
}
