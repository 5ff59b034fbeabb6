import type { KnownRange, ReadMemo, ReadRecord, RecordedDay } from '../harvest/types.js'
import { compactDate, expandDate } from '../util/calendar.js'

/** A read as the state keeps it (`reads`): per day `YYYYMMDD`, `[count, hours, digest]`. */
export interface StoredRead {
  pages: string
  days: Record<string, [number, number, string]>
}

/** The state's key of a read: `YYYYMMDD-YYYYMMDD`. */
function readKey(from: string, to: string): string {
  return `${compactDate(from)}-${compactDate(to)}`
}

/**
 * The state's record of the last run's complete reads (`reads`), and this run's. A record
 * only lets a read whose pages carry the very same bytes skip parsing them; any other
 * read, or a record that does not look right, takes the full path.
 */
export class ReadMemory implements ReadMemo {
  /** This run's complete reads, by `readKey`: the next state's `reads`. */
  readonly updates = new Map<string, StoredRead>()

  constructor(private readonly recorded: Readonly<Record<string, StoredRead>> | undefined) {}

  recall(from: string, to: string): ReadRecord | undefined {
    const stored = this.recorded?.[readKey(from, to)]
    if (!stored) return undefined
    const days = new Map<string, RecordedDay>()
    for (const [day, [count, hours, digest]] of Object.entries(stored.days)) {
      days.set(expandDate(day), { count, hours, digest })
    }
    return { pages: stored.pages, days }
  }

  remember(from: string, to: string, record: ReadRecord): void {
    const days: StoredRead['days'] = {}
    for (const [date, day] of record.days)
      days[compactDate(date)] = [day.count, day.hours, day.digest]
    this.updates.set(readKey(from, to), { pages: record.pages, days })
  }

  /** The ranges the last run read, with their entry counts, oldest first. */
  ranges(): KnownRange[] {
    return Object.entries(this.recorded ?? {})
      .map(([key, stored]) => ({
        from: expandDate(key.slice(0, 8)),
        to: expandDate(key.slice(9)),
        count: Object.values(stored.days).reduce((sum, [count]) => sum + count, 0)
      }))
      .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0))
  }
}
