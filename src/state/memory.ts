import type { KnownRange, ReadMemo, ReadRecord, RecordedDay } from '../harvest/types.js'
import { compactDate, expandDate } from '../util/calendar.js'

/**
 * What the state remembers per key, as a run recalls and updates it: each day file (`files`)
 * and what each month's table was built from (`tables`). Every record is a fact that held
 * when it was made (the object with that ETag holds the file made from that source; those day
 * files made that table), so a stale one only costs its day or month the full path.
 */
export class Memory<T> {
  /** What this run learned; undefined forgets the key. */
  readonly updates = new Map<string, T | undefined>()

  constructor(
    private readonly recorded: Readonly<Record<string, T>> | undefined,
    /** How the state spells a key (`YYYYMMDD` for a date). */
    private readonly stateKey: (key: string) => string = (key) => key
  ) {}

  recall(key: string): T | undefined {
    return this.updates.has(key) ? this.updates.get(key) : this.recorded?.[this.stateKey(key)]
  }

  remember(key: string, value: T | undefined): void {
    this.updates.set(key, value)
  }
}

/** A day file as a run left it: the ETag the store gave it and what it was made from. */
export interface DayFileRecord {
  etag: string
  madeFrom: string
}

/** A read as the state keeps it (`reads`): per day `YYYYMMDD`, `[count, hours, digest]`. */
export interface StoredRead {
  pages: string
  days: Record<string, [number, number, string]>
}

function readKey(from: string, to: string): string {
  return `${compactDate(from)}-${compactDate(to)}`
}

/** The last run's complete reads and this run's: only the very same bytes skip parsing. */
export class ReadMemory implements ReadMemo {
  readonly updates = new Map<string, StoredRead>()

  constructor(private readonly recorded: Readonly<Record<string, StoredRead>> | undefined) {}

  recall(from: string, to: string): ReadRecord | undefined {
    const stored = this.recorded?.[readKey(from, to)]
    if (!stored) return undefined
    const days = new Map<string, RecordedDay>()
    for (const [day, [count, hours, digest]] of Object.entries(stored.days))
      days.set(expandDate(day), { count, hours, digest })
    return { pages: stored.pages, days }
  }

  remember(from: string, to: string, record: ReadRecord): void {
    const days: StoredRead['days'] = {}
    for (const [date, day] of record.days)
      days[compactDate(date)] = [day.count, day.hours, day.digest]
    this.updates.set(readKey(from, to), { pages: record.pages, days })
  }

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
