import type { TimeEntry } from '../../src/harvest/types.js'
import { wasClosed } from '../../src/export/closed-changes.js'
import { summaryMarkdown } from '../../src/report/markdown.js'
import { summaryJson, summaryOutputs } from '../../src/report/outputs.js'
import { summaryText } from '../../src/report/text.js'
import { partialSummaryOf } from '../../src/export/partial-summary.js'
import { parseState } from '../../src/state/parse-state.js'
import { stateKey } from '../../src/state/sync-state.js'
import { Harness, NOW, WINDOW, expectedDayFiles } from '../support/harness.js'
import { archiveHarness } from '../support/sweep-reads.js'

/**
 * Changes to closed time (README) over HTTP (Harvest simulator) and a real S3 server: an
 * archive built by a backfill, then rolling runs after an administrator changed entries
 * that were locked, approved or invoiced. One archive for the whole file: each test leaves
 * it exact for the next.
 */
const ARCHIVE_FROM = '2024-06-01'
const STATE = stateKey('harvest/')
const MINUTE = 60_000

type Ref = { id: number; name?: string; number?: string }

describe('changes to closed time (Harvest simulator over HTTP, s3rver)', () => {
  let h: Harness
  let clock = NOW.getTime() - 60 * MINUTE
  const touched = new Set<number>()

  /** Moves Harvest's clock (and so the next edits' updated_at) a few minutes on. */
  function tick(): void {
    clock += 5 * MINUTE
    h.harvest.setClock(clock)
  }

  /** A not yet touched entry of the window (or before it) matching `test`. */
  function pick(test: (entry: TimeEntry) => boolean, beforeWindow = false): TimeEntry {
    const found = h.harvest.entries.find(
      (entry) =>
        !touched.has(entry.id) &&
        entry.is_running !== true &&
        (beforeWindow
          ? entry.spent_date < WINDOW.from && entry.spent_date > '2024-07-01'
          : entry.spent_date > WINDOW.from && entry.spent_date < '2025-03-20') &&
        test(entry)
    )
    if (!found) throw new Error('no such entry')
    touched.add(found.id)
    return structuredClone(found)
  }

  const invoiced = (entry: TimeEntry) => entry.invoice !== null && entry.invoice !== undefined
  const approvedOnly = (entry: TimeEntry) => entry.is_closed === true && !invoiced(entry)
  const open = (entry: TimeEntry) => !wasClosed(entry)

  async function expectArchiveExact(): Promise<void> {
    const expected = expectedDayFiles(h.harvest.entries, ARCHIVE_FROM, WINDOW.to)
    const files = await h.s3.snapshot('harvest/')
    for (const [key, body] of files) {
      if (key.startsWith('harvest/changes/')) continue
      expect([key, body]).toEqual([key, expected.get(key) ?? '[]\n'])
    }
    for (const key of expected.keys()) expect(files.has(key)).toBe(true)
  }

  const ids = (changes: ReadonlyArray<{ id: number }>) => changes.map((change) => change.id)

  beforeAll(async () => {
    h = await archiveHarness({ entries: 1400, from: ARCHIVE_FROM, seed: 25, clock: () => clock })
  })

  afterAll(async () => {
    await h.stop()
  })

  it('a first run into an empty prefix reports none', async () => {
    const summary = await h.run({ from: ARCHIVE_FROM, to: WINDOW.to })
    expect(summary.added).toBe(h.harvest.entries.length)
    expect(summary.closedChanges).toEqual([])
    expect(summaryOutputs(summary)['closed-changes']).toBe(0)
    expect(summaryMarkdown(summary)).not.toContain('Changes to closed time')
  })

  it("reports an invoiced entry's hours changed in the window, in every face and the change log", async () => {
    const entry = pick(invoiced)
    const hours = (entry.hours ?? 0) + 0.5
    tick()
    const after = h.harvest.update(entry.id, { hours, notes: 'corrected after the invoice' })
    h.s3.resetCounts()
    const summary = await h.run({ changes: 'true' })
    expect(ids(summary.closedChanges)).toEqual([entry.id])
    const [change] = summary.closedChanges
    expect(change.change).toBe(`hours ${entry.hours} -> ${hours}`)
    expect(change.spent_date).toBe(entry.spent_date)
    expect(change.before).toEqual(entry)
    expect(change.after).toEqual(after)
    expect(summaryOutputs(summary)['closed-changes']).toBe(1)

    const json = summaryJson(summary) as { closed_changes: Array<Record<string, unknown>> }
    expect(json.closed_changes).toEqual([
      {
        id: entry.id,
        spent_date: entry.spent_date,
        change: change.change,
        before: entry,
        after
      }
    ])
    const [user, project] = [entry.user as Ref, entry.project as Ref]
    const number = (entry.invoice as Ref).number!
    const markdown = summaryMarkdown(summary)
    expect(markdown).toContain('### Changes to closed time (1)')
    expect(markdown).toContain(
      `| ${entry.spent_date} | ${entry.id} | ${user.name} | ${project.name} | ${number} | ${change.change} |`
    )
    expect(summaryText(summary)).toContain(
      `changes to closed time: 1 locked, approved or invoiced entry changed`
    )
    expect(summaryText(summary)).toContain(`#${entry.id}`)

    const logged = [...(await h.s3.snapshot('harvest/changes/closed/'))]
    expect(logged.map(([key]) => key)).toEqual([
      `harvest/changes/closed/${NOW.toISOString().slice(0, 10).replaceAll('-', '')}-closed-150000.json`
    ])
    expect(JSON.parse(logged[0][1])).toEqual([{ before: entry, after }])
    await expectArchiveExact()
  })

  it('writes no closed change log when no closed entry changed', async () => {
    const entry = pick(open)
    tick()
    h.harvest.update(entry.id, { hours: (entry.hours ?? 0) + 1 })
    const before = [...(await h.s3.snapshot('harvest/changes/closed/')).keys()]
    const summary = await h.run({ changes: 'true' })
    expect(summary.updated).toBe(1)
    expect(ids(summary.closedChanges)).toEqual([])
    expect([...(await h.s3.snapshot('harvest/changes/closed/')).keys()]).toEqual(before)
  })

  it('reports an approved entry deleted before the window, found by the sweep', async () => {
    const entry = pick(approvedOnly, true)
    tick()
    h.harvest.remove(entry.id)
    const summary = await h.run()
    expect(summary.lateDaysWritten).toBe(1)
    expect(ids(summary.closedChanges)).toEqual([entry.id])
    expect(summary.closedChanges[0]).toMatchObject({
      spent_date: entry.spent_date,
      change: 'deleted',
      before: entry,
      after: null
    })
    expect(summaryMarkdown(summary)).toContain(`| ${entry.id} |`)
    expect(summaryMarkdown(summary)).toContain('| deleted |')
    await expectArchiveExact()
  })

  it('reports a locked entry moved to another day', async () => {
    const entry = pick((candidate) => candidate.is_locked === true)
    const to = entry.spent_date === '2025-02-03' ? '2025-02-04' : '2025-02-03'
    tick()
    const after = h.harvest.move(entry.id, to)
    const summary = await h.run()
    expect(summary.updated).toBe(1)
    expect(ids(summary.closedChanges)).toEqual([entry.id])
    expect(summary.closedChanges[0]).toMatchObject({
      spent_date: entry.spent_date,
      change: `moved ${entry.spent_date} -> ${to}`,
      before: entry,
      after
    })
    await expectArchiveExact()
  })

  it('does not report an open entry changed, nor a client rename over locked entries', async () => {
    const entry = pick(open)
    const locked = pick((candidate) => candidate.is_locked === true)
    const client = (locked.client as Ref).id
    tick()
    h.harvest.update(entry.id, { hours: (entry.hours ?? 0) + 2, billable: !entry.billable })
    h.harvest.update(locked.id, { notes: 'notes are not watched' })
    h.harvest.rename('clients', client, 'Renamed After Invoicing Ltd')
    const summary = await h.run()
    expect(summary.updated).toBeGreaterThan(2)
    expect(ids(summary.closedChanges)).toEqual([])
    expect(summaryOutputs(summary)['closed-changes']).toBe(0)
    await expectArchiveExact()
  })

  it('on-closed-change: fail writes everything, advances the state, fails; the next run passes', async () => {
    const entry = pick(invoiced)
    const other = pick(approvedOnly)
    tick()
    h.harvest.update(entry.id, { hours: (entry.hours ?? 0) + 0.25 })
    h.harvest.update(other.id, { task: { id: 1, name: 'Moved to another task' } })
    const stateBefore = parseState((await h.s3.getText(STATE))!, STATE)
    const error = await h.failure({ 'on-closed-change': 'fail', changes: 'true' })
    expect(error.name).toBe('ClosedTimeChanged')
    expect(error.message).toContain('2 entries that were locked, approved or invoiced')
    expect(error.message).toContain('everything was written')
    expect(error.message).toContain('harvest/changes/closed/')
    expect(ids(partialSummaryOf(error)!.closedChanges).sort()).toEqual(
      [entry.id, other.id].sort((a, b) => a - b)
    )
    await expectArchiveExact()
    const stateAfter = parseState((await h.s3.getText(STATE))!, STATE)
    expect(stateAfter.synced_at).not.toBe(stateBefore.synced_at)

    tick()
    const again = await h.run({ 'on-closed-change': 'fail' })
    expect(again.daysWritten).toBe(0)
    expect(ids(again.closedChanges)).toEqual([])
  })

  it('a dry run reports them and writes nothing; the real run reports them again', async () => {
    const entry = pick(invoiced)
    tick()
    h.harvest.update(entry.id, { billable: false })
    const before = await h.s3.snapshot('harvest/', true)
    h.s3.resetCounts()
    const dry = await h.run({ 'dry-run': 'true', changes: 'true' })
    expect(ids(dry.closedChanges)).toEqual([entry.id])
    expect(dry.closedChanges[0].change).toBe('billable true -> false')
    expect(h.s3.count('put') + h.s3.stateCount('put')).toBe(0)
    expect(await h.s3.snapshot('harvest/', true)).toEqual(before)
    expect(summaryMarkdown(dry)).toContain('### Changes to closed time (1)')

    const error = await h.failure({ 'dry-run': 'true', 'on-closed-change': 'fail' })
    expect(error.message).toContain('nothing was written (dry run)')
    expect(await h.s3.snapshot('harvest/', true)).toEqual(before)

    // With the change log asked for, a dry run still names no log object: none was written.
    const logged = await h.failure({
      'dry-run': 'true',
      changes: 'true',
      'on-closed-change': 'fail'
    })
    expect(logged.message).toContain('nothing was written (dry run)')
    expect(logged.message).not.toContain('changes/closed/')
    expect(await h.s3.snapshot('harvest/', true)).toEqual(before)

    const real = await h.run()
    expect(ids(real.closedChanges)).toEqual([entry.id])
    await expectArchiveExact()
  })
})
