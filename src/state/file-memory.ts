import { compactDate } from '../util/calendar.js'

/**
 * A day file as a run left it: the ETag the store gave it and what it was made from (the
 * format and the digest of Harvest's bytes for the day). While the store still lists that
 * ETag and Harvest sends the same bytes, the file is the one the run would write.
 */
export interface DayFileRecord {
  etag: string
  madeFrom: string
}

export interface DayFileMemory {
  recall(date: string): DayFileRecord | undefined
  /** Undefined forgets the day's record. */
  remember(date: string, record: DayFileRecord | undefined): void
}

/**
 * The state's record of each day file (`files`), as a run reads and updates it. Every
 * record is a fact that held when it was made: that the object with that ETag holds the
 * file made from that source. So a record that went stale (the file rewritten since, by
 * this tool or another) only costs its day the full comparison, since the ETag no longer
 * matches.
 */
export class FileMemory implements DayFileMemory {
  /** What this run learned, per date (`YYYY-MM-DD`); undefined forgets the day. */
  readonly updates = new Map<string, DayFileRecord | undefined>()

  constructor(private readonly recorded: Readonly<Record<string, DayFileRecord>> | undefined) {}

  recall(date: string): DayFileRecord | undefined {
    return this.updates.has(date) ? this.updates.get(date) : this.recorded?.[compactDate(date)]
  }

  remember(date: string, record: DayFileRecord | undefined): void {
    this.updates.set(date, record)
  }
}
