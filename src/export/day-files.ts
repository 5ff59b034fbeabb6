import type { ListedObject } from '../store/store.js'
import { diffEntries } from './changes.js'
import { dayKey } from './layout.js'
import {
  emptyWindowRefusal,
  storedEntries,
  type LayoutTarget,
  type RunContext
} from './run-context.js'
import type { DayEntries } from './day-book.js'
import { CONTENT_TYPES, DAY_FILE_LAYOUT, serializeEntries } from './serialize.js'
import {
  fromListing,
  type Decision,
  type Inspection,
  type KnownVersion,
  type SyncRequest
} from './sync-object.js'
import { settleAll } from './writer.js'

/**
 * Flat and hive layouts: one file per spent date, each made true as soon as its range is
 * read. A day about to lose all its entries is held back while the run has seen no entry
 * at all, so that an empty answer from Harvest for the whole window can still be refused.
 */
export class DayFiles implements LayoutTarget {
  readonly fetchPhase = 'Fetch from Harvest and write changed days'
  private listing = new Map<string, ListedObject>()
  readonly storedBytes = new Map<string, number>()
  /** Days that now hold no entries but whose stored file does: held for the empty-window guard. */
  private readonly heldEmpties: Array<{ date: string; inspection: Inspection }> = []

  constructor(
    private readonly run: RunContext,
    /** A month the sweep read whole: the mass-delete guard covers it, not the empty-window one. */
    private readonly sweptMonth = false
  ) {}

  async prepare(): Promise<void> {
    const { scheme, window, writer, log, book } = this.run
    const list = async (): Promise<void> => {
      const [from, to] = [dayKey(scheme, window.from), dayKey(scheme, window.to)]
      const listed = await writer.store.list(scheme.prefix, from, to)
      this.listing = new Map(listed.map((object) => [object.key, object]))
      for (const date of book.dates()) {
        const size = this.listing.get(dayKey(scheme, date))?.size
        if (size !== undefined) this.storedBytes.set(date, size)
      }
      if (!this.sweptMonth) log.info(`${this.listing.size} day files already stored in the window`)
    }
    await (this.sweptMonth ? list() : this.run.phase('List stored days', list))
  }

  async accept(days: DayEntries[]): Promise<void> {
    await settleAll(
      days.map((day) =>
        this.reconcile(day, fromListing(this.listing.get(dayKey(this.run.scheme, day.date))))
      )
    )
  }

  /** Writes the days that became empty, unless the empty-window guard refuses. */
  async finish(complete: boolean): Promise<void> {
    if (this.heldEmpties.length === 0) return
    if (this.guarding()) {
      if (!complete) return
      throw emptyWindowRefusal(
        this.run.window,
        `${this.heldEmpties.length} stored day files in that window hold entries`
      )
    }
    await settleAll(
      this.heldEmpties.map(({ date, inspection }) =>
        this.reconcile({ date, entries: [], count: 0 }, fromListing(inspection.current), inspection)
      )
    )
  }

  /**
   * Makes one day file match the day's entries (already sorted). A file the state recorded
   * as made from the very bytes Harvest sent now, and still listed with the ETag it got
   * then, is that file: it is neither serialized nor hashed again.
   */
  private async reconcile(day: DayEntries, known: KnownVersion, held?: Inspection): Promise<void> {
    const { book, settings, writer, ledger, files, tables } = this.run
    const { date } = day
    const key = dayKey(this.run.scheme, date)
    book.setKey(date, key)
    const madeFrom = day.digest && `${settings.format}:${DAY_FILE_LAYOUT}:${day.digest}`
    const recalled = files?.recall(date)
    const recalledUnchanged = (): boolean =>
      madeFrom !== undefined &&
      recalled?.madeFrom === madeFrom &&
      known.state === 'listed' &&
      recalled.etag === known.object.etag
    // A read no one else parses is parsed only if the day's month table is rebuilt.
    if (tables && day.lazy && recalledUnchanged()) tables.rows.noteLater(date, () => day.entries)
    else if (tables) tables.rows.note(date, day.entries)
    if (known.state === 'not-listed' && day.count === 0) {
      files?.remember(date, undefined)
      book.settle(date, 'unchanged')
      return
    }
    if (recalledUnchanged()) {
      book.settle(date, 'unchanged')
      return
    }
    const remember = (etag: string | undefined): void =>
      files?.remember(date, madeFrom && etag ? { etag, madeFrom } : undefined)
    const entries = day.entries
    const request = (): SyncRequest => ({
      wanted: {
        key,
        body: serializeEntries(entries, settings.format),
        contentType: CONTENT_TYPES[settings.format]
      },
      known,
      wantPrevious: true,
      first: held
    })
    await writer.sync(request, async (inspection): Promise<Decision> => {
      if (inspection.unchanged) {
        remember(inspection.current?.etag)
        book.settle(date, 'unchanged')
        return 'done'
      }
      const before = storedEntries(this.run, inspection)
      if (entries.length === 0 && before.length > 0 && !held && this.guarding()) {
        this.heldEmpties.push({ date, inspection })
        return 'done'
      }
      if ((await writer.commit(inspection)) === 'lost-race') return 'lost-race'
      remember(inspection.storedEtag)
      ledger.record(date, diffEntries(before, entries))
      book.settle(date, 'written')
      return 'done'
    })
  }

  /** Once an entry has arrived the guard cannot refuse, and holding would keep old bytes. */
  private guarding(): boolean {
    return this.run.book.entries === 0 && !this.sweptMonth && !this.run.settings.allowEmpty
  }
}
