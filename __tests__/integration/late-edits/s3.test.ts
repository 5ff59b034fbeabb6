import { isStateKey } from '../../../sandbox/local-s3.js'
import type { TimeEntry } from '../../../src/harvest/types.js'
import { parseState } from '../../../src/state/parse-state.js'
import { stateKey } from '../../../src/state/sync-state.js'
import { unchangedSweepCost, sweepSpan } from '../../../src/late-edits/plan.js'
import { Harness, NOW, WINDOW, expectedDayFiles } from '../../support/harness.js'
import { archiveHarness, sweepRequestUrls } from '../../support/sweep-reads.js'
import { summaryMarkdown } from '../../../src/report/markdown.js'
import { summaryOutputs } from '../../../src/report/outputs.js'
import { summaryText } from '../../../src/report/text.js'

/**
 * Late edits over HTTP (Harvest simulator) and a real S3 server: an archive built by a
 * backfill, then rolling-window runs after changes made before the window. One archive
 * for the whole file: each test leaves it exact for the next.
 */
const ARCHIVE_FROM = '2024-01-01'
const KEY = stateKey('harvest/')
const SPAN = sweepSpan(ARCHIVE_FROM, WINDOW.from)!
const MINUTE = 60_000

describe('late edits (Harvest simulator over HTTP, s3rver)', () => {
  let h: Harness
  let clock = NOW.getTime() - 60 * MINUTE

  /** Moves Harvest's clock (and so the next edits' updated_at) a few minutes on. */
  function tick(): void {
    clock += 5 * MINUTE
    h.harvest.setClock(clock)
  }

  async function stored(): Promise<Map<string, string>> {
    return h.s3.snapshot('harvest/')
  }

  /** The whole archive, archive_from to the window's end, against Harvest's data now. */
  async function expectArchiveExact(): Promise<void> {
    const expected = expectedDayFiles(h.harvest.entries, ARCHIVE_FROM, WINDOW.to)
    const files = await stored()
    for (const [key, body] of files) {
      if (key.startsWith('harvest/changes/')) continue
      expect([key, body]).toEqual([key, expected.get(key) ?? '[]\n'])
    }
    for (const key of expected.keys()) expect(files.has(key)).toBe(true)
  }

  /** Day files PUT since the last reset. */
  function dayPuts(): string[] {
    return h.s3.requests
      .filter((request) => request.kind === 'put' && /\/\d{8}\.json$/.test(request.key))
      .map((request) => request.key)
      .sort()
  }

  const keyOf = (date: string) => `harvest/${date.replaceAll('-', '')}.json`

  const sweepRequests = (windowFrom = WINDOW.from) =>
    sweepRequestUrls(h.harvest.requestLog, windowFrom)

  async function state() {
    return parseState((await h.s3.getText(KEY))!, KEY)
  }

  function reset(): void {
    h.s3.resetCounts()
    h.harvest.resetStats()
  }

  /** An entry of the span (not the window), away from month edges. */
  function spanEntry(month: string, exclude: number[] = []): TimeEntry {
    const found = h.harvest.entries.find(
      (entry) =>
        entry.spent_date.startsWith(month) &&
        entry.spent_date.slice(8) > '05' &&
        entry.spent_date.slice(8) < '25' &&
        !exclude.includes(entry.id)
    )
    if (!found) throw new Error(`no entry in ${month}`)
    return found
  }

  beforeAll(async () => {
    h = await archiveHarness({ entries: 2400, from: ARCHIVE_FROM, seed: 11, clock: () => clock })
  })

  afterAll(async () => {
    await h.stop()
  })

  it('a backfill records its days and archive_from, and sweeps nothing', async () => {
    const summary = await h.run({ from: ARCHIVE_FROM, to: WINDOW.to })
    expect(summary.lateDaysWritten).toBe(0)
    expect(sweepRequests(ARCHIVE_FROM)).toEqual([])
    await expectArchiveExact()
    const recorded = await state()
    expect(recorded.archive_from).toBe(ARCHIVE_FROM)
    expect(recorded.account_id).toBe(h.harvest.accountId)
    expect(recorded.synced_at).toBe(new Date(clock).toISOString().replace('.000Z', 'Z'))
    const total = Object.values(recorded.days).reduce((sum, count) => sum + count, 0)
    expect(total).toBe(h.harvest.entries.length)
    expect(h.s3.stateCount('put')).toBe(1)
  })

  it('an unchanged rolling rerun reads no day object, writes nothing, within the cost bound', async () => {
    tick()
    reset()
    const summary = await h.run()
    expect(summary).toMatchObject({
      daysWritten: 0,
      lateDaysWritten: 0,
      added: 0,
      updated: 0,
      deleted: 0
    })
    expect(h.s3.count('get')).toBe(0)
    expect(h.s3.count('put')).toBe(0)
    expect(h.s3.count('head')).toBe(0)
    // The state is read (one GET) and, with nothing changed, not rewritten.
    expect(h.s3.stateCount('get')).toBe(1)
    expect(h.s3.stateCount('put')).toBe(0)
    // 1 updated_since walk + 1 count for 2024 + clients, projects, tasks, users.
    expect(unchangedSweepCost(SPAN)).toBe(6)
    expect(sweepRequests()).toHaveLength(6)
  })

  it('brings in an edit before the window, writing only its day', async () => {
    const entry = spanEntry('2024-05')
    tick()
    h.harvest.update(entry.id, { notes: 'corrected after the invoice', hours: 1.25 })
    reset()
    const summary = await h.run()
    expect(dayPuts()).toEqual([keyOf(entry.spent_date)])
    expect(summary).toMatchObject({ lateDaysWritten: 1, updated: 1, added: 0, deleted: 0 })
    expect(summary.late?.months).toEqual(['2024-05'])
    expect(summary.late?.days.map((day) => day.date)).toEqual([entry.spent_date])
    expect(summaryOutputs(summary)['late-days-written']).toBe(1)
    const markdown = summaryMarkdown(summary)
    expect(markdown).toContain('### Late changes (1 day before the window)')
    expect(markdown).toContain(`| ${entry.spent_date} | `)
    expect(summaryText(summary)).toContain(
      'late changes: 1 day before the window rewritten (months read: 2024-05)'
    )
    await expectArchiveExact()
  })

  it('brings in a delete, found by the counts alone', async () => {
    const entry = spanEntry('2024-08')
    tick()
    h.harvest.remove(entry.id)
    reset()
    const summary = await h.run()
    expect(dayPuts()).toEqual([keyOf(entry.spent_date)])
    expect(summary).toMatchObject({ lateDaysWritten: 1, deleted: 1 })
    await expectArchiveExact()
    expect((await state()).days[entry.spent_date.replaceAll('-', '')] ?? 0).toBe(
      h.harvest.entries.filter((e) => e.spent_date === entry.spent_date).length
    )
  })

  it('overwrites a day before the window that lost every entry with an empty day', async () => {
    const date = spanEntry('2024-06').spent_date
    const count = h.harvest.entries.filter((entry) => entry.spent_date === date).length
    tick()
    h.harvest.removeWhere((entry) => entry.spent_date === date)
    reset()
    const summary = await h.run()
    expect(dayPuts()).toEqual([keyOf(date)])
    expect(await h.s3.getText(keyOf(date))).toBe('[]\n')
    expect(summary).toMatchObject({ lateDaysWritten: 1, deleted: count })
    expect(summary.late?.days).toMatchObject([{ date, status: 'emptied', deleted: count }])
    await expectArchiveExact()
  })

  it('brings in a move across months: both days, one update', async () => {
    const entry = spanEntry('2024-03')
    const from = entry.spent_date
    tick()
    h.harvest.move(entry.id, '2024-06-15')
    reset()
    const summary = await h.run()
    expect(dayPuts()).toEqual([keyOf(from), keyOf('2024-06-15')].sort())
    expect(summary).toMatchObject({ lateDaysWritten: 2, updated: 1, added: 0, deleted: 0 })
    await expectArchiveExact()
  })

  it('brings in a backdated new entry', async () => {
    tick()
    const added = h.harvest.add({ spent_date: '2024-09-09' })
    reset()
    const summary = await h.run({ changes: 'true' })
    expect(dayPuts()).toEqual([keyOf('2024-09-09')])
    expect(summary).toMatchObject({ lateDaysWritten: 1, added: 1 })
    // The change log holds the late change like any other.
    const logged = [...(await stored())].filter(([key]) => key.startsWith('harvest/changes/new/'))
    expect(logged).toHaveLength(1)
    expect(JSON.parse(logged[0][1])).toEqual([added])
    await expectArchiveExact()
  })

  it('late-edits: ignore leaves days before the window alone; the next sync run catches up', async () => {
    const entry = spanEntry('2024-02')
    tick()
    h.harvest.update(entry.id, { notes: 'edited while late edits are ignored' })
    const stateBefore = await h.s3.getText(KEY)
    reset()
    const ignored = await h.run({ 'late-edits': 'ignore' })
    expect(ignored).toMatchObject({ lateDaysWritten: 0, updated: 0 })
    expect(ignored.late).toBeUndefined()
    expect(dayPuts()).toEqual([])
    expect(sweepRequests()).toEqual([])
    // Nothing changed in the window: the state (and its synced_at) stays as it was.
    expect(await h.s3.getText(KEY)).toBe(stateBefore)
    tick()
    reset()
    const synced = await h.run()
    expect(dayPuts()).toEqual([keyOf(entry.spent_date)])
    expect(synced).toMatchObject({ lateDaysWritten: 1, updated: 1 })
    await expectArchiveExact()
  })

  it('the snapshot layout keeps no state and sweeps nothing: it only looks for one', async () => {
    reset()
    await h.run({ layout: 'snapshot', 's3-prefix': 'snapshots/' })
    expect(sweepRequests()).toEqual([])
    // One read: a state under the prefix means an archive of day files the snapshot must not join.
    expect(h.s3.stateCount('get')).toBe(1)
    expect(h.s3.stateCount('put')).toBe(0)
  })

  it('brings in a client rename in every archived day that names the client', async () => {
    const client = (spanEntry('2024-04').client as { id: number }).id
    const days = new Set(
      h.harvest.entries
        .filter((entry) => (entry.client as { id: number }).id === client)
        .map((entry) => keyOf(entry.spent_date))
    )
    tick()
    h.harvest.rename('clients', client, 'Renamed Client GmbH')
    reset()
    const summary = await h.run()
    expect(dayPuts()).toEqual([...days].sort())
    expect(summary.lateDaysWritten).toBe([...days].filter((key) => key < keyOf(WINDOW.from)).length)
    await expectArchiveExact()
    expect((await state()).records.clients[String(client)].name).toBe('Renamed Client GmbH')
  })

  it("brings in the delete of a whole project's entries", async () => {
    const project = (spanEntry('2024-07').project as { id: number }).id
    const gone = h.harvest.entries.filter(
      (entry) => (entry.project as { id: number }).id === project && entry.spent_date < WINDOW.from
    )
    const days = new Set(gone.map((entry) => keyOf(entry.spent_date)))
    tick()
    h.harvest.removeWhere(
      (entry) => (entry.project as { id: number }).id === project && entry.spent_date < WINDOW.from
    )
    reset()
    const summary = await h.run()
    expect(dayPuts()).toEqual([...days].sort())
    expect(summary.deleted).toBe(gone.length)
    await expectArchiveExact()
  })

  it('reports late changes in a dry run and writes nothing, no state either', async () => {
    const entry = spanEntry('2024-10')
    tick()
    h.harvest.update(entry.id, { notes: 'dry run edit' })
    const before = await h.s3.snapshot('harvest/', true)
    reset()
    const summary = await h.run({ 'dry-run': 'true' })
    expect(summary).toMatchObject({ dryRun: true, lateDaysWritten: 1, updated: 1 })
    expect(h.s3.count('put') + h.s3.stateCount('put')).toBe(0)
    expect(await h.s3.snapshot('harvest/', true)).toEqual(before)
    await h.run()
    await expectArchiveExact()
  })

  it('fails after the window on a persistent fault in a swept month, keeps the state, then repairs', async () => {
    const entry = spanEntry('2024-11')
    tick()
    h.harvest.update(entry.id, { notes: 'edited while Harvest has trouble' })
    const inWindow = h.harvest.entries.find((e) => e.spent_date === '2025-02-12')!
    h.harvest.update(inWindow.id, { notes: 'window edit' })
    h.harvest.injectFault({
      kind: '500',
      times: Infinity,
      match: (url) =>
        url.searchParams.get('from') === '2024-11-01' && url.searchParams.get('per_page') !== '1'
    })
    const stateBefore = await h.s3.getText(KEY)
    reset()
    const error = await h.failure()
    expect(error.message).toMatch(/the months 2024-11 before the window were not refreshed/)
    expect(dayPuts()).toEqual([keyOf('2025-02-12')])
    expect(await h.s3.getText(KEY)).toBe(stateBefore)

    h.harvest.clearFaults()
    reset()
    const summary = await h.run()
    expect(dayPuts()).toContain(keyOf(entry.spent_date))
    expect(summary.late?.months).toContain('2024-11')
    await expectArchiveExact()
  })

  it('never writes the state when the window fails', async () => {
    const entry = spanEntry('2024-12')
    tick()
    h.harvest.update(entry.id, { notes: 'edited before a window failure' })
    h.harvest.injectFault({
      kind: '503',
      times: Infinity,
      match: (url) => (url.searchParams.get('from') ?? '') >= WINDOW.from
    })
    const stateBefore = await h.s3.getText(KEY)
    reset()
    await h.failure()
    h.harvest.clearFaults()
    expect(h.s3.stateCount('put')).toBe(0)
    expect(await h.s3.getText(KEY)).toBe(stateBefore)
    // Nothing before the window was written either: the sweep waits for the window.
    expect(dayPuts()).toEqual([])
    reset()
    await h.run()
    expect(dayPuts()).toEqual([keyOf(entry.spent_date)])
    await expectArchiveExact()
  })

  it('names the list and the way out when the token may not list users', async () => {
    tick()
    h.harvest.forbid('users')
    reset()
    const error = await h.failure()
    h.harvest.allow('users')
    expect(error.message).toContain("Late edits read Harvest's users to catch renames")
    expect(error.message).toContain('set late-edits: ignore')
    expect(error.message).toContain(
      `the days ${SPAN.from}..${SPAN.to} before the window were not checked`
    )
    expect(h.s3.count('put') + h.s3.stateCount('put')).toBe(0)
  })

  it('a failed survey stops its other reads: no request outlives the failed run', async () => {
    tick()
    h.harvest.forbid('users')
    h.harvest.injectFault({
      kind: '429',
      retryAfterSeconds: 1,
      times: Infinity,
      match: (url) => url.pathname.endsWith('/tasks')
    })
    reset()
    const error = await h.failure()
    const afterFailure = h.harvest.requestLog.length
    await new Promise((resolve) => setTimeout(resolve, 1500))
    h.harvest.allow('users')
    h.harvest.clearFaults()
    expect(error.message).toContain("Late edits read Harvest's users to catch renames")
    expect(h.harvest.requestLog.length).toBe(afterFailure)
    expect(h.s3.stateCount('put')).toBe(0)
  })

  it('refuses a state of another account before any request or write', async () => {
    reset()
    const error = await h.failure({ 'harvest-account-id': '999999' })
    expect(error.message).toContain(`belongs to Harvest account ${h.harvest.accountId}`)
    expect(error.message).toContain('999999')
    expect(error.message).toContain(KEY)
    expect(h.s3.count('put') + h.s3.stateCount('put')).toBe(0)
    expect(h.harvest.requestLog).toEqual([])
  })

  it('refuses a mass delete (a token that lost admin rights), unless allow-empty', async () => {
    const keep = (h.harvest.entries[0].user as { id: number }).id
    const others = (entry: TimeEntry) => (entry.user as { id: number }).id !== keep
    const removed = h.harvest.entries.filter(others).length
    tick()
    h.harvest.removeWhere(others)
    const before = await h.s3.snapshot('harvest/', true)
    reset()
    const error = await h.failure()
    expect(error.message).toMatch(/would delete more than half of them/)
    expect(error.message).toContain('allow-empty: true')
    expect(h.s3.count('put') + h.s3.stateCount('put')).toBe(0)
    expect(await h.s3.snapshot('harvest/', true)).toEqual(before)

    const summary = await h.run({ 'allow-empty': 'true' })
    expect(summary.deleted).toBe(removed)
    await expectArchiveExact()
  })

  it('keeps the state apart from the day files', async () => {
    const keys = [...(await h.s3.snapshot('harvest/', true)).keys()]
    expect(keys.filter(isStateKey)).toEqual([KEY])
  })
})
