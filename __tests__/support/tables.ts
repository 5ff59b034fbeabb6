import { readdir, readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import type { TimeEntry } from '../../src/harvest/types.js'
import { columnTypes, query, withFile } from './duckdb.js'

const object = (entry: TimeEntry, name: string) =>
  entry[name] as Record<string, unknown> | null | undefined

/** What a user expects to read back for each column, derived from the entry by hand. */
export function expectedRow(entry: TimeEntry): Record<string, unknown> {
  const time = (value: unknown) => (value == null ? null : Date.parse(value as string))
  const pick = (...names: string[]) => Object.fromEntries(names.map((n) => [n, entry[n] ?? null]))
  const id = (name: string) => {
    const value = object(entry, name)?.id
    return value == null ? null : BigInt(value as number)
  }
  return {
    id: BigInt(entry.id),
    spent_date: entry.spent_date,
    ...pick('hours', 'hours_without_timer', 'rounded_hours', 'billable_rate', 'cost_rate'),
    ...pick('notes', 'locked_reason', 'approval_status', 'started_time', 'ended_time'),
    ...pick('is_locked', 'is_closed', 'is_billed', 'is_running', 'billable', 'budgeted'),
    timer_started_at: time(entry.timer_started_at),
    created_at: time(entry.created_at),
    updated_at: time(entry.updated_at),
    user_id: id('user'),
    user_name: object(entry, 'user')?.name ?? null,
    client_id: id('client'),
    client_name: object(entry, 'client')?.name ?? null,
    client_currency: object(entry, 'client')?.currency ?? null,
    project_id: id('project'),
    project_name: object(entry, 'project')?.name ?? null,
    project_code: object(entry, 'project')?.code ?? null,
    task_id: id('task'),
    task_name: object(entry, 'task')?.name ?? null,
    user_assignment_id: id('user_assignment'),
    task_assignment_id: id('task_assignment'),
    invoice_id: id('invoice'),
    invoice_number: object(entry, 'invoice')?.number ?? null,
    external_reference:
      entry.external_reference == null ? null : JSON.stringify(entry.external_reference)
  }
}

/** DuckDB's JS values in the shape of `expectedRow`: dates as text, times as epoch ms. */
export function readRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...row }
  out.spent_date = (row.spent_date as Date).toISOString().slice(0, 10)
  for (const name of ['timer_started_at', 'created_at', 'updated_at'])
    out[name] = row[name] == null ? null : (row[name] as Date).getTime()
  return out
}

/** Every column of the time entries table with the type DuckDB reads it as, in order. */
export const TIME_ENTRY_TYPES: Record<string, string> = {
  id: 'BIGINT',
  spent_date: 'DATE',
  hours: 'DOUBLE',
  hours_without_timer: 'DOUBLE',
  rounded_hours: 'DOUBLE',
  billable_rate: 'DOUBLE',
  cost_rate: 'DOUBLE',
  notes: 'VARCHAR',
  locked_reason: 'VARCHAR',
  approval_status: 'VARCHAR',
  started_time: 'VARCHAR',
  ended_time: 'VARCHAR',
  is_locked: 'BOOLEAN',
  is_closed: 'BOOLEAN',
  is_billed: 'BOOLEAN',
  is_running: 'BOOLEAN',
  billable: 'BOOLEAN',
  budgeted: 'BOOLEAN',
  timer_started_at: 'TIMESTAMP',
  created_at: 'TIMESTAMP',
  updated_at: 'TIMESTAMP',
  user_id: 'BIGINT',
  user_name: 'VARCHAR',
  client_id: 'BIGINT',
  client_name: 'VARCHAR',
  client_currency: 'VARCHAR',
  project_id: 'BIGINT',
  project_name: 'VARCHAR',
  project_code: 'VARCHAR',
  task_id: 'BIGINT',
  task_name: 'VARCHAR',
  user_assignment_id: 'BIGINT',
  task_assignment_id: 'BIGINT',
  invoice_id: 'BIGINT',
  invoice_number: 'VARCHAR',
  external_reference: 'VARCHAR'
}

/** A Parquet file's rows and column types, as DuckDB reads them. */
export function readTable(
  bytes: Buffer
): Promise<{ rows: Record<string, unknown>[]; types: Record<string, string> }> {
  return withFile(bytes, async (path) => ({
    rows: await query(`SELECT * FROM read_parquet('${path}')`),
    types: await columnTypes(path)
  }))
}

/** Every file under `dir`, relative path (with `/`) -> bytes. */
export async function dirObjects(dir: string): Promise<Map<string, Buffer>> {
  const objects = new Map<string, Buffer>()
  const walk = async (at: string): Promise<void> => {
    for (const item of await readdir(at, { withFileTypes: true })) {
      const path = join(at, item.name)
      if (item.isDirectory()) await walk(path)
      else objects.set(relative(dir, path).split('\\').join('/'), await readFile(path))
    }
  }
  await walk(dir)
  return objects
}

const DAY_KEY =
  /(?:^|\/)(?:(\d{4})(\d{2})(\d{2})|spent_date=(\d{4})-(\d{2})-(\d{2})\/time_entries)\.(json|ndjson)$/

/** The spent date a day file's key stands for (flat or hive, json or ndjson). */
function dayOf(key: string): string | undefined {
  const match = DAY_KEY.exec(key)
  if (!match) return undefined
  const [y, m, d] = match[1] ? match.slice(1, 4) : match.slice(4, 7)
  return `${y}-${m}-${d}`
}

function parseDay(body: Buffer): TimeEntry[] {
  const text = body.toString('utf8')
  if (text.trimStart().startsWith('[')) return JSON.parse(text) as TimeEntry[]
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as TimeEntry)
}

export function monthTableKey(prefix: string, month: string): string {
  return `${prefix}tables/time_entries/spent_month=${month}/time_entries.parquet`
}

/**
 * Every month that has day files under `prefix` has its table, and each table holds exactly
 * the entries of its month's day files, in day-file order, every column typed; no table
 * exists for a month without day files. Returns the months, oldest first.
 */
export async function expectTablesExact(
  objects: ReadonlyMap<string, Buffer>,
  prefix: string
): Promise<string[]> {
  const byMonth = new Map<string, Array<{ date: string; body: Buffer }>>()
  for (const [key, body] of objects) {
    const rest = key.slice(prefix.length)
    if (!key.startsWith(prefix) || rest.includes('tables/') || rest.startsWith('changes/')) continue
    const date = dayOf(rest)
    if (date === undefined || rest.split('/').length > 2) continue
    const month = date.slice(0, 7)
    byMonth.set(month, [...(byMonth.get(month) ?? []), { date, body }])
  }
  const months = [...byMonth.keys()].sort()
  const tableMonths = [...objects.keys()]
    .map(
      (key) =>
        /tables\/time_entries\/spent_month=(\d{4}-\d{2})\/time_entries\.parquet$/.exec(key)?.[1]
    )
    .filter((month): month is string => month !== undefined)
    .sort()
  expect(tableMonths).toEqual(months)
  for (const month of months) {
    const days = byMonth.get(month)!.sort((a, b) => (a.date < b.date ? -1 : 1))
    const entries = days.flatMap((day) => parseDay(day.body))
    const table = await readTable(objects.get(monthTableKey(prefix, month))!)
    expect({ month, types: table.types }).toEqual({ month, types: TIME_ENTRY_TYPES })
    expect({ month, rows: table.rows.map(readRow) }).toEqual({
      month,
      rows: entries.map(expectedRow)
    })
  }
  return months
}
