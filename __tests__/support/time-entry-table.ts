import type { TimeEntry } from '../../src/harvest/types.js'
import { encodeTable } from '../../src/tables/parquet-file.js'
import { timeEntryColumns } from '../../src/tables/time-entry-table.js'

/** The Parquet bytes of one month's table, as the export writes them; zero entries give a valid zero-row file. */
export const encodeTimeEntryTable = (entries: readonly TimeEntry[]): Buffer =>
  encodeTable(timeEntryColumns(entries))
