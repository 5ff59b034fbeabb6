import { ExportError } from '../errors.js'
import type { TimeEntry } from '../harvest/types.js'
import { CELL, CellError, jsonTextCell } from './cells.js'
import type { Cell, ColumnRule, ColumnType, TableColumn } from './parquet-file.js'

/** A column: its cell type, and how its value is read from an entry (`field`) and converted. */
type EntryColumn = ColumnRule<unknown> & { field: (entry: TimeEntry) => unknown }

/** A top-level field of the entry under the same name. */
const same = (type: ColumnType, ...names: string[]): EntryColumn[] =>
  names.map((name) => ({ name, type, cell: CELL[type], field: (entry) => entry[name] }))

/** Fields of an embedded object (`user.id` as `user_id`), null when the object is null or absent. */
const nested = (object: string, fields: Record<string, ColumnType>): EntryColumn[] =>
  Object.entries(fields).map(([field, type]) => ({
    name: `${object}_${field}`,
    type,
    cell: CELL[type],
    field: (entry) => (entry[object] as Record<string, unknown> | null | undefined)?.[field]
  }))

/**
 * The time entries table, column by column, in the order the README's "Tables for queries"
 * lists them. Fields Harvest adds later stay in the day files; the table keeps these.
 */
export const TIME_ENTRY_COLUMNS: readonly EntryColumn[] = [
  ...same('int64', 'id'),
  ...same('date', 'spent_date'),
  ...same('double', 'hours', 'hours_without_timer', 'rounded_hours', 'billable_rate', 'cost_rate'),
  ...same('string', 'notes', 'locked_reason', 'approval_status', 'started_time', 'ended_time'),
  ...same('boolean', 'is_locked', 'is_closed', 'is_billed', 'is_running', 'billable', 'budgeted'),
  ...same('timestamp', 'timer_started_at', 'created_at', 'updated_at'),
  ...nested('user', { id: 'int64', name: 'string' }),
  ...nested('client', { id: 'int64', name: 'string', currency: 'string' }),
  ...nested('project', { id: 'int64', name: 'string', code: 'string' }),
  ...nested('task', { id: 'int64', name: 'string' }),
  ...nested('user_assignment', { id: 'int64' }),
  ...nested('task_assignment', { id: 'int64' }),
  ...nested('invoice', { id: 'int64', number: 'string' }),
  {
    name: 'external_reference',
    type: 'string',
    cell: jsonTextCell,
    field: (e) => e.external_reference
  }
]

/**
 * The columns of a month's entries, in day-file order. A value its column cannot hold (an
 * `hours` that is text, a date that does not exist) refuses the whole table, naming the
 * entry and the column: a table that silently lost a cell would no longer match its day files.
 */
export function timeEntryColumns(entries: readonly TimeEntry[]): TableColumn[] {
  // Row by row, one pass over the entries: this runs for every row a run reads.
  const columns = TIME_ENTRY_COLUMNS.map(({ name, type }) => ({
    name,
    type,
    cells: new Array<Cell>(entries.length)
  }))
  for (let row = 0; row < entries.length; row++) {
    const entry = entries[row]
    for (let index = 0; index < TIME_ENTRY_COLUMNS.length; index++) {
      const rule = TIME_ENTRY_COLUMNS[index]
      try {
        columns[index].cells[row] = rule.cell(rule.field(entry))
      } catch (error) {
        if (!(error instanceof CellError)) throw error
        throw new ExportError(
          `Time entry ${String(entry.id)} (${String(entry.spent_date)}) cannot go into the ` +
            `time_entries table: column ${rule.name}: ${error.message}.`
        )
      }
    }
  }
  return columns
}

/** Days' columns (each from `timeEntryColumns`) as one table's, rows in the order given. */
export function joinColumns(days: ReadonlyArray<readonly TableColumn[]>): TableColumn[] {
  return timeEntryColumns([]).map((column, index) => ({
    ...column,
    cells: days.flatMap((day) => day[index].cells)
  }))
}
