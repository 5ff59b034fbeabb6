import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import type { TimeEntry } from '../../../src/harvest/types.js'
import { summaryJson, summaryOutputs } from '../../../src/report/outputs.js'
import { summaryMarkdown } from '../../../src/report/markdown.js'
import { summaryText } from '../../../src/report/text.js'
import { parseState } from '../../../src/state/parse-state.js'
import { stateKey } from '../../../src/state/sync-state.js'
import { NOW, WINDOW, type Harness } from '../../support/harness.js'
import { archiveHarness } from '../../support/sweep-reads.js'
import { isStateKey } from '../../../sandbox/local-s3.js'
import {
  expectTablesExact,
  monthTableKey,
  readTable,
  TIME_ENTRY_TYPES
} from '../../support/tables.js'

/**
 * Tables for queries (README) over HTTP (Harvest simulator) and a real S3 server: a
 * backfilled archive with `tables: parquet`, then rolling runs after edits in the window
 * and before it. One archive for the whole file: each test leaves every table exact, as
 * DuckDB reads it, for the next.
 */
const ARCHIVE_FROM = '2024-09-01'
const PREFIX = 'harvest/'
const MINUTE = 60_000
const TABLES = { tables: 'parquet' }

describe('month tables of time entries (Harvest simulator over HTTP, s3rver)', () => {
  let h: Harness
  let clock = NOW.getTime() - 60 * MINUTE

  function tick(): void {
    clock += 5 * MINUTE
    h.harvest.setClock(clock)
  }

  const objects = () => h.s3.objects(PREFIX)
  const tablePuts = () =>
    h.s3.requests.filter((r) => r.kind === 'put' && r.key.includes('/tables/')).map((r) => r.key)
  const dayGets = () =>
    h.s3.requests.filter((r) => r.kind === 'get' && !isStateKey(r.key)).map((r) => r.key)

  /** An entry not running, spent inside [from, to], as Harvest has it now. */
  function pick(from: string, to: string, skip = 0): TimeEntry {
    const found = h.harvest.entries.filter(
      (entry) => entry.is_running !== true && entry.spent_date >= from && entry.spent_date <= to
    )[skip]
    if (!found) throw new Error('no such entry')
    return structuredClone(found)
  }

  beforeAll(async () => {
    h = await archiveHarness({ entries: 900, from: ARCHIVE_FROM, seed: 27, clock: () => clock })
  })

  afterAll(async () => {
    await h.stop()
  })

  it('a first run writes one table per spent month, each holding exactly its day files', async () => {
    const summary = await h.run({ ...TABLES, from: ARCHIVE_FROM, to: WINDOW.to })
    const months = await expectTablesExact(await objects(), PREFIX)
    expect(months).toEqual([
      '2024-09',
      '2024-10',
      '2024-11',
      '2024-12',
      '2025-01',
      '2025-02',
      '2025-03'
    ])
    expect(summary.tables).toEqual(months.map((month) => monthTableKey(PREFIX, month)))
    expect(summaryOutputs(summary)['tables-written']).toBe(7)
    expect(summaryJson(summary).tables).toEqual(summary.tables)
    expect(summaryMarkdown(summary)).toContain('### Tables (7 written)')
    expect(summaryMarkdown(summary)).toContain(`- \`${monthTableKey(PREFIX, '2024-09')}\``)
    expect(summaryText(summary)).toContain('tables written: 7')
    expect(summaryText(summary)).toContain(`wrote ${monthTableKey(PREFIX, '2025-03')}`)
    // The state records what each table was built from.
    const state = parseState((await h.s3.getText(stateKey(PREFIX)))!, stateKey(PREFIX))
    expect(Object.keys(state.tables ?? {})).toEqual(months)
  })

  it('an unchanged rerun writes no table and reads no day file', async () => {
    h.s3.resetCounts()
    const summary = await h.run(TABLES)
    expect(summary.tables).toEqual([])
    expect(summaryOutputs(summary)['tables-written']).toBe(0)
    expect(tablePuts()).toEqual([])
    expect(dayGets()).toEqual([])
    expect(h.s3.count('put')).toBe(0)
    // The window's day files, then the day files and the tables once: nothing listed twice.
    expect(h.s3.count('list')).toBe(3)
  })

  it('an edit in the window rewrites only that month, from the rows the run read', async () => {
    const entry = pick('2025-02-01', '2025-02-28', 3)
    tick()
    h.harvest.update(entry.id, { hours: (entry.hours ?? 0) + 1.25, notes: 'edited in February' })
    h.s3.resetCounts()
    const summary = await h.run(TABLES)
    expect(summary.updated).toBe(1)
    expect(summary.tables).toEqual([monthTableKey(PREFIX, '2025-02')])
    expect(tablePuts()).toEqual([monthTableKey(PREFIX, '2025-02')])
    // February lies inside the window: its rows came from Harvest's answers. The one GET is
    // the edited day's old version, which the change report reads with or without tables.
    expect(dayGets()).toEqual([`${PREFIX}${entry.spent_date.replaceAll('-', '')}.json`])
    await expectTablesExact(await objects(), PREFIX)
  })

  it('an edit before the window (the sweep) rewrites only that month', async () => {
    const entry = pick('2024-10-01', '2024-10-31', 5)
    tick()
    h.harvest.update(entry.id, { hours: (entry.hours ?? 0) + 2 })
    h.s3.resetCounts()
    const summary = await h.run(TABLES)
    expect(summary.lateDaysWritten).toBe(1)
    expect(summary.tables).toEqual([monthTableKey(PREFIX, '2024-10')])
    await expectTablesExact(await objects(), PREFIX)
  })

  it('a move across months, a delete and an add rewrite exactly the months they touch', async () => {
    const moved = pick('2024-11-01', '2024-11-30', 2)
    const deleted = pick('2025-01-01', '2025-01-31', 4)
    tick()
    h.harvest.move(moved.id, '2025-03-03')
    h.harvest.remove(deleted.id)
    h.harvest.add({ spent_date: '2025-01-20' })
    const summary = await h.run(TABLES)
    expect(summary.tables).toEqual(
      ['2024-11', '2025-01', '2025-03'].map((month) => monthTableKey(PREFIX, month))
    )
    await expectTablesExact(await objects(), PREFIX)
  })

  it('a rename reaches every table of the months whose entries name it', async () => {
    const entry = pick('2024-09-01', '2025-03-20', 0)
    const client = entry.client as { id: number; name: string }
    tick()
    h.harvest.rename('clients', client.id, 'Renamed For Tables Ltd')
    const summary = await h.run(TABLES)
    expect(summary.tables!.length).toBeGreaterThan(0)
    const stored = await objects()
    await expectTablesExact(stored, PREFIX)
    const names = new Map<string, number>()
    for (const [key, body] of stored) {
      if (!key.endsWith('.parquet') || !key.includes('time_entries')) continue
      for (const row of (await readTable(body)).rows) {
        if (row.client_id !== BigInt(client.id)) continue
        const name = String(row.client_name)
        names.set(name, (names.get(name) ?? 0) + 1)
      }
    }
    expect([...names.keys()]).toEqual(['Renamed For Tables Ltd'])
  })

  it('a month whose entries were all deleted keeps a table with zero rows', async () => {
    tick()
    h.harvest.removeWhere((entry) => entry.spent_date.startsWith('2024-09'))
    const summary = await h.run({ ...TABLES, 'allow-empty': 'true' })
    expect(summary.tables).toContain(monthTableKey(PREFIX, '2024-09'))
    const months = await expectTablesExact(await objects(), PREFIX)
    expect(months).toContain('2024-09')
  })

  it('a run whose read fails writes no table; the next run leaves every table exact', async () => {
    const entry = pick('2025-01-01', '2025-01-31', 1)
    tick()
    h.harvest.update(entry.id, { hours: (entry.hours ?? 0) + 3 })
    h.harvest.injectFault({
      kind: '503',
      times: Infinity,
      match: (url) => (url.searchParams.get('to') ?? '') < '2025-02-15'
    })
    h.s3.resetCounts()
    await h.failure(TABLES)
    expect(tablePuts()).toEqual([])
    h.harvest.clearFaults()
    const summary = await h.run(TABLES)
    expect(summary.tables).toContain(monthTableKey(PREFIX, '2025-01'))
    await expectTablesExact(await objects(), PREFIX)
  })

  it('a run killed at its first table PUT leaves that table to the next run, which rebuilds it', async () => {
    const entry = pick('2025-03-01', '2025-03-20', 2)
    tick()
    h.harvest.update(entry.id, { hours: (entry.hours ?? 0) + 0.5 })
    h.s3.interceptor = (request) =>
      request.kind === 'put' && request.key.includes('/tables/') ? 'reset' : undefined
    await h.failure(TABLES)
    h.s3.interceptor = undefined
    // The day file was written, its table was not: the table is behind.
    const behind = await objects()
    await expect(expectTablesExact(behind, PREFIX)).rejects.toThrow()
    h.s3.resetCounts()
    const summary = await h.run(TABLES)
    expect(summary.daysWritten).toBe(0)
    expect(summary.tables).toEqual([monthTableKey(PREFIX, '2025-03')])
    await expectTablesExact(await objects(), PREFIX)
    // And after that, nothing is left to do.
    h.s3.resetCounts()
    expect((await h.run(TABLES)).tables).toEqual([])
    expect(dayGets()).toEqual([])
  })

  it('a table changed by something else is rebuilt by the next run, its day files untouched', async () => {
    const key = monthTableKey(PREFIX, '2024-10')
    // A table of another month's rows: valid Parquet, wrong rows (as a hand upload would be).
    const other = await h.s3.client.send(
      new GetObjectCommand({ Bucket: h.s3.bucket, Key: monthTableKey(PREFIX, '2024-11') })
    )
    const body = await other.Body!.transformToByteArray()
    await h.s3.client.send(new PutObjectCommand({ Bucket: h.s3.bucket, Key: key, Body: body }))
    await expect(expectTablesExact(await objects(), PREFIX)).rejects.toThrow()
    h.s3.resetCounts()
    const summary = await h.run(TABLES)
    expect(summary.daysWritten).toBe(0)
    expect(summary.tables).toEqual([key])
    await expectTablesExact(await objects(), PREFIX)
    expect((await h.run(TABLES)).tables).toEqual([])
  })

  // Last: it leaves a table of a month without day files, which expectTablesExact refuses.
  it('a table of a month without day files is rebuilt with zero rows, then left alone', async () => {
    const orphan = monthTableKey(PREFIX, '2024-06')
    // A copy of another month's table, as a hand upload (or a day file deleted by hand) leaves.
    const other = await h.s3.client.send(
      new GetObjectCommand({ Bucket: h.s3.bucket, Key: monthTableKey(PREFIX, '2024-11') })
    )
    const body = await other.Body!.transformToByteArray()
    await h.s3.client.send(new PutObjectCommand({ Bucket: h.s3.bucket, Key: orphan, Body: body }))
    const summary = await h.run(TABLES)
    expect(summary.daysWritten).toBe(0)
    expect(summary.tables).toEqual([orphan])
    const table = await readTable((await objects()).get(orphan)!)
    expect(table.rows).toEqual([])
    expect(table.types).toEqual(TIME_ENTRY_TYPES)
    h.s3.resetCounts()
    expect((await h.run(TABLES)).tables).toEqual([])
    expect(tablePuts()).toEqual([])
  })
})
