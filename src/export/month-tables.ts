/**
 * The "Tables" phase (`tables: parquet`): once the day files are true, rebuilds a month at a
 * time each table whose month the run changed, that is missing, or whose day files are no
 * longer those it was built from (an earlier run stopped between them). Rows come from the
 * days the run read, the rest from the day files (the only extra GETs).
 */
import type { ListedObject } from '../store/store.js'
import { parseEntries } from './serialize.js'
import { ExportError } from '../errors.js'
import { encodeTable, type TableColumn } from '../tables/parquet-file.js'
import type { RunTables } from '../tables/run-tables.js'
import { monthOfTableKey, tablesPrefix, timeEntryTableKey } from '../tables/table-keys.js'
import { joinColumns, timeEntryColumns } from '../tables/time-entry-table.js'
import { sha256Hex } from '../util/hash.js'
import { forEachConcurrent } from '../util/pool.js'
import { dateOfKey, dayKey } from './layout.js'
import type { RunContext } from './run-context.js'
import { fromListing } from './sync-object.js'

type MonthFiles = Array<{ date: string; object: ListedObject }>

/** Memory stays one month: only its days are read. */
const GETS_IN_FLIGHT = 8

/**
 * A month's day files' keys and ETags, and the table's own ETag, so that a table changed by
 * something else is rebuilt too (verify's repair of a table is a run with tables).
 */
function monthFingerprint(files: MonthFiles, tableEtag: string | undefined): string {
  const lines = files.map(({ object }) => `${object.key}\t${object.etag}\n`).join('')
  return sha256Hex(Buffer.from(`${lines}table\t${tableEtag ?? ''}\n`, 'utf8'))
}

async function dayFilesByMonth(run: RunContext): Promise<Map<string, MonthFiles>> {
  const { scheme, writer, settings } = run
  const listed = await writer.store.list(
    settings.prefix,
    dayKey(scheme, '0000-01-01'),
    dayKey(scheme, '9999-12-31')
  )
  const months = new Map<string, MonthFiles>()
  for (const object of listed) {
    const date = dateOfKey(scheme, object.key)
    if (date === undefined) continue
    const month = date.slice(0, 7)
    const files = months.get(month) ?? []
    files.push({ date, object })
    months.set(month, files)
  }
  return months
}

async function storedTables(run: RunContext): Promise<Map<string, ListedObject>> {
  const { prefix } = run.settings
  const [first, last] = ['0000-00', '9999-99'].map((month) => timeEntryTableKey(prefix, month))
  const byMonth = new Map<string, ListedObject>()
  for (const object of await run.writer.store.list(tablesPrefix(prefix), first, last)) {
    const month = monthOfTableKey(prefix, object.key)
    if (month !== undefined) byMonth.set(month, object)
  }
  return byMonth
}

function monthsWritten(run: RunContext): Set<string> {
  const dates = run.writer.written.map((key) => dateOfKey(run.scheme, key))
  return new Set(dates.filter((date) => date !== undefined).map((date) => date.slice(0, 7)))
}

async function dayColumns(
  run: RunContext,
  tables: RunTables,
  date: string,
  object: ListedObject | undefined
): Promise<TableColumn[] | undefined> {
  if (tables.rows.has(date)) return tables.rows.take(date)
  if (!object) return undefined
  const stored = await run.writer.store.get(object.key)
  if (!stored) return undefined
  const entries = parseEntries(stored.body)
  if (!entries) {
    throw new ExportError(
      `${object.key} does not hold time entries in JSON or NDJSON, so the table of ${date.slice(0, 7)} cannot be built from it.`
    )
  }
  return timeEntryColumns(entries)
}

async function buildMonth(
  run: RunContext,
  tables: RunTables,
  month: string,
  files: MonthFiles,
  table: ListedObject | undefined
): Promise<string | undefined> {
  const key = timeEntryTableKey(run.settings.prefix, month)
  const early = tables.takeEarly(month)
  if (early) return run.writer.writeTable(tables, key, early, fromListing(table))
  const dates = new Set(files.map((file) => file.date))
  for (const date of tables.rows.dates()) if (date.startsWith(month)) dates.add(date)
  const ordered = [...dates].sort()
  const byDate = new Map(files.map((file) => [file.date, file.object]))
  const days: Array<TableColumn[] | undefined> = ordered.map(() => undefined)
  await forEachConcurrent(ordered, GETS_IN_FLIGHT, async (date, index) => {
    days[index] = await dayColumns(run, tables, date, byDate.get(date))
  })
  const columns = joinColumns(days.filter((day): day is TableColumn[] => day !== undefined))
  return run.writer.writeTable(tables, key, encodeTable(columns), fromListing(table))
}

export interface TablesListing {
  files: Map<string, MonthFiles>
  stored: Map<string, ListedObject>
}

export async function listForTables(run: RunContext): Promise<TablesListing> {
  const [files, stored] = await Promise.all([dayFilesByMonth(run), storedTables(run)])
  return { files, stored }
}

/** Without a state (test doubles) only a written day or a missing table rebuilds one. */
export function needsRebuild(
  month: string,
  { files, stored }: TablesListing,
  written: boolean,
  tables: RunTables
): boolean {
  if (written || !stored.has(month)) return true
  const { memory } = tables
  const fingerprint = monthFingerprint(files.get(month) ?? [], stored.get(month)?.etag)
  return memory !== undefined && memory.recall(month) !== fingerprint
}

/** `before`, listed before the window was read, is still current when no day was written. */
export async function buildMonthTables(
  run: RunContext,
  tables: RunTables,
  before?: TablesListing
): Promise<void> {
  const written = monthsWritten(run)
  const listing = before && written.size === 0 ? before : await listForTables(run)
  const { files, stored } = listing
  const { memory } = tables
  // A stored table of a month without day files (put there by something else) is behind
  // too: rebuilt, it holds zero rows, like a month whose entries were all deleted.
  const months = [...new Set([...files.keys(), ...written, ...stored.keys()])]
    .sort()
    .filter((month) => needsRebuild(month, listing, written.has(month), tables))
  const many = months.length > 6
  if (many) run.log.info(`Tables: building ${months.length} monthly tables of time entries`)
  let done = 0
  let failure: { error: unknown } | undefined
  const built = new Map<string, string | undefined>()
  for (const month of months) {
    try {
      built.set(
        month,
        await buildMonth(run, tables, month, files.get(month) ?? [], stored.get(month))
      )
    } catch (error) {
      // The other months are still built; this one stays unrecorded, so it is tried again.
      failure ??= { error }
    }
    done++
    if (many && (done % 6 === 0 || done === months.length))
      run.log.info(`Tables: ${done} of ${months.length} months built`)
  }
  tables.clear()
  if (memory && built.size > 0 && !run.settings.dryRun) {
    // The ETags the writes answered with; one LIST only when a store answered without one.
    const after = [...built.values()].every((etag) => etag !== undefined)
      ? undefined
      : await storedTables(run)
    for (const [month, etag] of built) {
      const tableEtag = after ? after.get(month)?.etag : etag
      memory.remember(month, monthFingerprint(files.get(month) ?? [], tableEtag))
    }
  }
  if (failure) throw failure.error
}
