import type { DaysRead } from '../harvest/types.js'
import type { DayReport } from '../report/summary.js'
import { daysBetweenInclusive } from '../util/calendar.js'
import type { ChangeLedger } from './changes.js'
import { DayBook } from './day-book.js'
import { DayFiles } from './day-files.js'
import type { RunContext } from './run-context.js'

/**
 * The months the late-edits sweep read whole, each through the window's day-file path
 * (GET only differing days, PUT only changed ones) with a day book of its own.
 */
export class SweptMonths {
  private readonly books: DayBook[] = []

  constructor(private readonly run: RunContext) {}

  async accept(read: DaysRead): Promise<void> {
    const window = {
      ...this.run.window,
      from: read.from,
      to: read.to,
      days: daysBetweenInclusive(read.from, read.to)
    }
    const book = new DayBook(window, { log: this.run.log })
    const { tables } = this.run
    if (tables && read.to < this.run.window.from) {
      // Months the sweep reads whole: each table made (or its rows let go) once its days are.
      tables.watch(read.from, read.to)
      book.onSettle = (date, written) => tables.settled(date, written)
    }
    const files = new DayFiles({ ...this.run, window, book }, { sweptMonth: true })
    await files.prepare()
    await files.accept(book.read(read))
    await files.finish(true)
    this.books.push(book)
  }

  /** The swept days that were written, with their change counts, oldest first. */
  writtenDays(settled: ReturnType<ChangeLedger['settle']>): DayReport[] {
    return this.books
      .flatMap((book) => book.dayReports(settled))
      .filter((day) => day.status === 'written' || day.status === 'emptied')
      .sort((a, b) => (a.date < b.date ? -1 : 1))
  }
}
