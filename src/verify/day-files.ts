import { dateOfKey, type KeyScheme } from '../export/layout.js'
import { parseEntries } from '../export/serialize.js'
import type { ListedObject, Store } from '../store/store.js'
import { checkDayFile, type SeenIds } from './check-day-file.js'
import type { Finding } from './findings.js'
import { readInOrder } from './ordered-reads.js'

/** What reading every day file once found. */
export interface DayFilesRead {
  findings: Finding[]
  /** Entries per day file's date; undefined where the file could not be read as entries. */
  counts: Map<string, number | undefined>
  /** Entry ids per spent month (`YYYY-MM`) of the files' dates, for the table checks. */
  monthIds: Map<string, number[]>
  entries: number
}

const ENTRY_DAY = /belongs to (\d{4}-\d{2}-\d{2})/

/**
 * Checks every listed day file (`checkDayFile`), reading each once, `ahead` at a time, in
 * key order. Each finding names the months a backfill must cover to repair it: the file's
 * own, and that of the entry's real day or of the other file holding a duplicate id.
 */
export async function readDayFiles(
  store: Store,
  scheme: KeyScheme,
  days: ReadonlyMap<string, ListedObject>,
  options: {
    ahead: number
    /** Months whose ids are kept (those with a table to compare). */
    keepIds: ReadonlySet<string>
    progress?: (checked: number, total: number) => void
  }
): Promise<DayFilesRead> {
  const read: DayFilesRead = { findings: [], counts: new Map(), monthIds: new Map(), entries: 0 }
  const seen: SeenIds = new Map()
  const dates = [...days.keys()]
  const keys = dates.map((date) => days.get(date)!.key)
  await readInOrder(
    keys,
    options.ahead,
    (key) => store.get(key),
    (key, object, index) => {
      const date = dates[index]
      const month = date.slice(0, 7)
      options.progress?.(index + 1, keys.length)
      // Deleted since the LIST: another writer's business, not damage.
      if (object === undefined) return
      const checked = checkDayFile({ ...object, key }, date, scheme.format, scheme.prefix, seen)
      for (const problem of checked.problems) {
        const months = new Set([month])
        const entryDay = ENTRY_DAY.exec(problem.detail)?.[1]
        if (problem.kind === 'wrong-day' && entryDay) months.add(entryDay.slice(0, 7))
        if (problem.kind === 'duplicate-id') {
          const other = /also in (.+)$/.exec(problem.detail)?.[1]
          const otherDate = other && dateOfKey(scheme, scheme.prefix + other)
          if (otherDate) months.add(otherDate.slice(0, 7))
        }
        read.findings.push({ problem, months: [...months] })
      }
      const unreadable = checked.problems.some((problem) => problem.kind === 'unreadable')
      read.counts.set(date, unreadable ? undefined : checked.entries)
      read.entries += checked.entries
      if (options.keepIds.has(month) && !unreadable) {
        const ids = read.monthIds.get(month) ?? read.monthIds.set(month, []).get(month)!
        for (const entry of parseEntries(object.body) ?? []) ids.push(Number(entry.id))
      }
    }
  )
  return read
}
