import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import { generateEntries } from '../../../sandbox/harvest-data.js'
import { clients, projects, users } from '../../../sandbox/resources-data.js'
import type { TimeEntry } from '../../../src/harvest/types.js'
import { encodeResourceTable } from '../../../src/tables/resource-table.js'
import { resourceTableKey, timeEntryTableKey } from '../../../src/tables/table-keys.js'
import { encodeTimeEntryTable } from '../../support/time-entry-table.js'
import { commentedQueries } from '../../support/athena-ddl.js'

type Row = Record<string, unknown>

// Five months of the simulator's entries, across a year end, in day-file order.
const entries = generateEntries({ seed: 27, count: 1500, from: '2024-11-20', to: '2025-03-10' })
entries.sort(
  (a, b) =>
    a.spent_date.localeCompare(b.spent_date) ||
    a.created_at.localeCompare(b.created_at) ||
    a.id - b.id
)

const readme = readFileSync('README.md', 'utf8')
const section = /\n## Query with Athena \/ DuckDB\n([\s\S]*?)\n## /.exec(readme)?.[1] ?? ''
const DUCKDB_FROM = "read_parquet('out/tables/time_entries/*/*.parquet', hive_partitioning = true)"

/** Each SQL statement of the section's code blocks (and of `duckdb -c "..."`), comments kept. */
function sectionStatements(): string[] {
  const blocks = [...section.matchAll(/```(sql|sh)\n([\s\S]*?)```/g)]
  return blocks.flatMap(([, language, body]) =>
    language === 'sh'
      ? [...body.matchAll(/duckdb -c "([^"]+)"/g)].map((match) => match[1])
      : body
          .split(/;\s*$/m)
          .map((statement) => statement.trim())
          .filter((statement) => statement !== '')
  )
}

/** What each example is, from its first comment line or, without one, what it selects. */
function titleOf(statement: string): string {
  const comment = /^-- (.*)$/m.exec(statement)?.[1] ?? ''
  if (comment.startsWith('Hours per client and month')) return 'hours per client and month'
  if (comment.startsWith('Uninvoiced billable hours by project')) return 'uninvoiced by project'
  if (statement.includes('count(*) AS entries')) return 'entries and hours per month'
  if (statement.includes('JOIN harvest_tables.projects')) return 'hours and cost per project'
  return statement
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0)
const round2 = (value: number) => Math.round(value * 100) / 100
// SQL's sum() skips nulls: the same as adding nothing.
const hoursOf = (entry: TimeEntry) => entry.hours ?? 0

function groupBy<K extends string>(items: TimeEntry[], key: (entry: TimeEntry) => K) {
  const groups = new Map<K, TimeEntry[]>()
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item])
  return groups
}

const object = (entry: TimeEntry, name: string) => entry[name] as Record<string, unknown> | null

/** What each example must return, summed over the entries in plain JavaScript. */
const EXPECTED: Record<string, () => Row[]> = {
  'entries and hours per month': () =>
    [...groupBy(entries, (e) => e.spent_date.slice(0, 7))].map(([month, list]) => ({
      month,
      entries: list.length,
      hours: round2(sum(list.map(hoursOf)))
    })),
  'hours per client and month': () =>
    [
      ...groupBy(
        entries,
        (e) => `${String(object(e, 'client')?.name)}\u0000${e.spent_date.slice(0, 7)}`
      )
    ].map(([key, list]) => ({
      client: key.split('\u0000')[0],
      month: key.split('\u0000')[1],
      hours: round2(sum(list.map(hoursOf)))
    })),
  'uninvoiced by project': () =>
    [
      ...groupBy(
        entries.filter((e) => e.billable === true && e.is_billed === false),
        (e) => String(object(e, 'project')?.id)
      )
    ].map(([, list]) => ({
      client: object(list[0], 'client')?.name,
      project: object(list[0], 'project')?.name,
      currency: object(list[0], 'client')?.currency,
      hours: round2(sum(list.map(hoursOf))),
      amount: round2(sum(list.map((e) => hoursOf(e) * Number(e.billable_rate))))
    })),
  'hours and cost per project': () => {
    const costRate = new Map(users().map((u) => [u.id, u.cost_rate as number | null]))
    const project = new Map(projects().map((p) => [p.id, p]))
    const client = new Map(clients().map((c) => [c.id, c]))
    return [
      ...groupBy(
        entries.filter((e) => e.spent_date >= '2025-01'),
        (e) => String(object(e, 'project')?.id)
      )
    ].map(([id, list]) => {
      const p = project.get(Number(id)) as Row
      return {
        client: client.get((p.client as { id: number }).id)?.name,
        project: p.name,
        bill_by: p.bill_by,
        budget_by: p.budget_by,
        hours: round2(sum(list.map(hoursOf))),
        cost: round2(
          sum(list.map((e) => hoursOf(e) * (costRate.get(object(e, 'user')?.id as number) ?? 0)))
        )
      }
    })
  }
}

/** Rows compared by their text columns; sums may differ by a cent where float order rounds. */
function expectSameRows(actual: Row[], expected: Row[]): void {
  const key = (row: Row) =>
    Object.values(row)
      .filter((value) => typeof value === 'string')
      .join('\u0000')
  const byKey = (rows: Row[]) => new Map(rows.map((row) => [key(row), row]))
  const got = byKey(actual)
  expect([...got.keys()].sort()).toEqual([...byKey(expected).keys()].sort())
  for (const row of expected) {
    const read = got.get(key(row)) ?? {}
    expect(Object.keys(read)).toEqual(Object.keys(row))
    for (const [column, value] of Object.entries(row)) {
      if (typeof value !== 'number') expect([column, read[column]]).toEqual([column, value])
      else expect(Math.abs(Number(read[column]) - value)).toBeLessThanOrEqual(0.0100001)
    }
  }
}

let out: string

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'readme-queries-'))
  const write = (key: string, bytes: Buffer) => {
    mkdirSync(dirname(join(out, key)), { recursive: true })
    writeFileSync(join(out, key), bytes)
  }
  // Laid out as a run with `--out-dir out --tables parquet` writes them.
  for (const [month, list] of groupBy(entries, (e) => e.spent_date.slice(0, 7)))
    write(timeEntryTableKey('', month), encodeTimeEntryTable(list))
  const byId = (records: Row[]) => [...records].sort((a, b) => Number(a.id) - Number(b.id))
  write(resourceTableKey('', 'projects'), encodeResourceTable(byId(projects())))
  write(resourceTableKey('', 'clients'), encodeResourceTable(byId(clients())))
  write(resourceTableKey('', 'users'), encodeResourceTable(byId(users())))
})

afterAll(() => rmSync(out, { recursive: true, force: true }))

/**
 * Runs a README statement as written but for the folder: `out/` is the temporary one, and
 * the Athena tables are DuckDB views over the same files under the same names.
 */
async function run(statement: string): Promise<Row[]> {
  const instance = await DuckDBInstance.create(':memory:')
  const connection = await instance.connect()
  try {
    const read = (key: string) => `read_parquet('${join(out, key)}')`
    const tables = `read_parquet('${out}/tables/time_entries/*/*.parquet', hive_partitioning = true)`
    for (const setup of [
      'CREATE SCHEMA harvest_tables',
      `CREATE VIEW harvest_tables.time_entries AS SELECT * FROM ${tables}`,
      ...['projects', 'clients', 'users'].map(
        (name) =>
          `CREATE VIEW harvest_tables.${name} AS SELECT * FROM ${read(resourceTableKey('', name))}`
      )
    ])
      await connection.run(setup)
    const reader = await connection.runAndReadAll(statement.replaceAll("'out/", `'${out}/`))
    return reader
      .getRowObjectsJS()
      .map((row) =>
        Object.fromEntries(
          Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])
        )
      )
  } finally {
    connection.closeSync()
    instance.closeSync()
  }
}

describe('the README\'s "Query with Athena / DuckDB"', () => {
  const statements = sectionStatements()
  const overOutDir = statements.filter((s) => s.includes("read_parquet('out/"))
  const overAthena = statements.filter((s) => s.includes('FROM harvest_tables.'))

  it('shows the one-liner and both examples over out-dir, and the examples for Athena', () => {
    expect(overOutDir.map(titleOf).sort()).toEqual([
      'entries and hours per month',
      'hours per client and month',
      'uninvoiced by project'
    ])
    expect(overAthena.map(titleOf).sort()).toEqual([
      'hours and cost per project',
      'hours per client and month',
      'uninvoiced by project'
    ])
  })

  it.each(['entries and hours per month', 'hours per client and month', 'uninvoiced by project'])(
    'DuckDB over a local out-dir, as written: %s gives the sums of the entries',
    async (title) => {
      const statement = overOutDir.find((s) => titleOf(s) === title) ?? ''
      expectSameRows(await run(statement), EXPECTED[title]())
    }
  )

  it.each(['hours per client and month', 'uninvoiced by project', 'hours and cost per project'])(
    'the Athena example, on the same files under the table names: %s gives the sums',
    async (title) => {
      const statement = overAthena.find((s) => titleOf(s) === title) ?? ''
      expectSameRows(await run(statement), EXPECTED[title]())
    }
  )

  it('reads S3 with the one-liner query, from the bucket instead of out/', () => {
    const overS3 = statements.filter((s) => s.includes("read_parquet('s3://"))
    const oneLiner = overOutDir.find((s) => titleOf(s) === 'entries and hours per month') ?? ''
    const spaced = (sql: string) => sql.replace(/\s+/g, ' ').replace(/\( /g, '(').trim()
    expect(overS3.map(spaced)).toEqual([
      spaced(oneLiner.replace("'out/", "'s3://my-timesheets/harvest/"))
    ])
  })

  it('orders the examples as their ORDER BY says', async () => {
    const hours = await run(overOutDir.find((s) => titleOf(s) === 'uninvoiced by project') ?? '')
    const keys = hours.map((row) => Number(row.hours))
    expect(keys).toEqual([...keys].sort((a, b) => b - a))
    const months = await run(
      overOutDir.find((s) => titleOf(s) === 'hours per client and month') ?? ''
    )
    const order = months.map((row) => `${String(row.month)} ${String(row.client)}`)
    expect(order).toEqual([...order].sort())
  })

  it('keeps the same examples, as comments, in deploy/athena/parquet-time-entries.sql', () => {
    const inFile = commentedQueries(readFileSync('deploy/athena/parquet-time-entries.sql', 'utf8'))
    const normal = (sql: string) =>
      sql
        .split('\n')
        .filter((line) => !line.startsWith('--'))
        .join(' ')
        .replace(/\s+/g, ' ')
        .replace(/;$/, '')
        .trim()
    expect([...inFile.keys()]).toEqual([
      'Hours per client and month',
      'Uninvoiced billable hours by project'
    ])
    for (const [title, sql] of inFile) {
      const readmeForm = overAthena.find((s) => titleOf(s) === titleOf(`-- ${title}`)) ?? ''
      expect(normal(sql)).toBe(normal(readmeForm))
      // And the DuckDB form differs only in where it reads from.
      const duckdbForm = overOutDir.find((s) => titleOf(s) === titleOf(`-- ${title}`)) ?? ''
      expect(normal(duckdbForm)).toBe(
        normal(sql).replace('FROM harvest_tables.time_entries', `FROM ${DUCKDB_FROM}`)
      )
    }
  })
})
