import type { TableMemory } from '../state/table-memory.js'
import { DayRows } from './day-rows.js'

/**
 * What one run with `tables: parquet` gathers for its tables: the rows of the days it read,
 * the table keys it wrote (or, in a dry run, would write), and the state's record of what
 * each month's table was built from (absent when the run keeps no state).
 */
export class RunTables {
  readonly rows = new DayRows()
  private readonly keys: string[] = []
  memory?: TableMemory

  noteWritten(key: string): void {
    this.keys.push(key)
  }

  /** Table keys written (or that would be), sorted. */
  get written(): string[] {
    return [...this.keys].sort()
  }
}
