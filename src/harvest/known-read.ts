import { createHash } from 'node:crypto'
import { NO_ENTRIES, type DaySummaries } from './day-summary.js'
import { entryBytes } from './deferred-page.js'
import { DIGEST_SEED, EMPTY_DAY_DIGEST } from './source-digest.js'
import type { DaysRead, ReadRecord, RecordedDay, TimeEntriesPage, TimeEntry } from './types.js'

/**
 * A read that is the last run's read of the same range come back byte for byte (`ReadMemo`):
 * how it is told (`PagesFingerprint`), what is recorded of it, and the read made from the
 * record without parsing its pages.
 */

/** A digest of the entry bytes of a walk's pages, in order; undefined if one was not deferred. */
export class PagesFingerprint {
  // The day digests' seed is folded in: a release that digests days anew must not be handed
  // the old digests by a record of the same pages.
  private readonly hash = createHash('sha256').update(`harvest-s3-export pages 1\n${DIGEST_SEED}`)
  private usable = true

  add(page: TimeEntriesPage): void {
    const bytes = this.usable ? entryBytes(page) : undefined
    if (!bytes) {
      this.usable = false
      return
    }
    const length = Buffer.allocUnsafe(4)
    length.writeUInt32BE(bytes.length)
    this.hash.update(length).update(bytes)
  }

  finish(): string | undefined {
    return this.usable ? this.hash.digest('base64url').slice(0, 22) : undefined
  }
}

/** What the next run needs of a complete read whose pages had the fingerprint `pages`. */
export function recordOf(
  pages: string,
  summaries: DaySummaries,
  digestOf: (date: string) => string
): ReadRecord {
  const days = new Map<string, RecordedDay>()
  for (const date of summaries.dates())
    days.set(date, { ...summaries.of(date), digest: digestOf(date) })
  return { pages, days }
}

/** The entries a record says its read holds. */
export function countOf(record: ReadRecord): number {
  let count = 0
  for (const day of record.days.values()) count += day.count
  return count
}

/**
 * The read `record` describes: summaries and digests as recorded, the entries from `parse`
 * (which checks them again) only on first use.
 */
export function knownRead(
  from: string,
  to: string,
  record: ReadRecord,
  parse: () => TimeEntry[]
): DaysRead {
  let entries: TimeEntry[] | undefined
  return {
    from,
    to,
    sameAsLastRun: true,
    get entries(): TimeEntry[] {
      return (entries ??= parse())
    },
    digestOf: (date) => record.days.get(date)?.digest ?? EMPTY_DAY_DIGEST,
    summaryOf: (date) => record.days.get(date) ?? NO_ENTRIES
  }
}
