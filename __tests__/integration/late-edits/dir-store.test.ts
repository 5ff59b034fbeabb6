import type { TimeEntry } from '../../../src/harvest/types.js'
import { parseState } from '../../../src/state/parse-state.js'
import { stateKey } from '../../../src/state/sync-state.js'
import {
  FAST,
  Harness,
  NOW,
  WINDOW,
  expectedDayFiles,
  readTree,
  removeDir,
  tempDir
} from '../../support/harness.js'
import { archiveHarness } from '../../support/sweep-reads.js'

/**
 * Late edits with the local directory store and the hive layout: the same sweep, the
 * same day-file path, keys `spent_date=YYYY-MM-DD/time_entries.json`. Also running timers.
 */
const ARCHIVE_FROM = '2024-07-01'
const MINUTE = 60_000

describe('late edits (Harvest simulator over HTTP, directory store, hive)', () => {
  let h: Harness
  let dir: string
  let clock = NOW.getTime() - 60 * MINUTE

  const hiveKey = (date: string) => `harvest/spent_date=${date}/time_entries.json`
  const settings = (values: Record<string, string> = {}) => ({
    ...values,
    's3-bucket': '',
    's3-endpoint': '',
    'out-dir': dir,
    layout: 'hive'
  })
  const run = (values: Record<string, string> = {}) => h.run(settings(values), FAST)

  function tick(): void {
    clock += 5 * MINUTE
    h.harvest.setClock(clock)
  }

  /** Every day file, archive_from to the window's end, against Harvest's data now. */
  async function expectArchiveExact(): Promise<void> {
    const expected = new Map(
      [...expectedDayFiles(h.harvest.entries, ARCHIVE_FROM, WINDOW.to)].map(([key, body]) => {
        const compact = key.slice('harvest/'.length, 'harvest/'.length + 8)
        return [hiveKey(`${compact.slice(0, 4)}-${compact.slice(4, 6)}-${compact.slice(6)}`), body]
      })
    )
    const files = await readTree(dir)
    for (const [key, body] of files) expect([key, body]).toEqual([key, expected.get(key) ?? '[]\n'])
    for (const key of expected.keys()) expect(files.has(key)).toBe(true)
  }

  /** Days whose file changed since `before`. */
  async function changedSince(before: Map<string, string>): Promise<string[]> {
    const after = await readTree(dir)
    return [...after]
      .filter(([key, body]) => before.get(key) !== body)
      .map(([key]) => key)
      .sort()
  }

  const pick = (month: string): TimeEntry =>
    h.harvest.entries.find(
      (entry) => entry.spent_date.startsWith(month) && entry.spent_date.slice(8) > '05'
    )!

  beforeAll(async () => {
    h = await archiveHarness({ entries: 1200, from: ARCHIVE_FROM, seed: 5, clock: () => clock })
    dir = await tempDir()
    await run({ from: ARCHIVE_FROM, to: WINDOW.to })
    tick()
  })

  afterAll(async () => {
    await h.stop()
    await removeDir(dir)
  })

  it('keeps the state beside the hive partitions and leaves an unchanged archive alone', async () => {
    const state = parseState((await readTree(dir, true)).get(stateKey('harvest/'))!, 'state')
    expect(state.archive_from).toBe(ARCHIVE_FROM)
    const before = await readTree(dir, true)
    const summary = await run()
    expect(summary).toMatchObject({ daysWritten: 0, lateDaysWritten: 0 })
    expect(await readTree(dir, true)).toEqual(before)
    await expectArchiveExact()
  })

  it('brings in a move, a delete and a user rename before the window', async () => {
    const moved = pick('2024-08')
    const movedFrom = moved.spent_date
    const deleted = pick('2024-10')
    const user = (pick('2024-09').user as { id: number }).id
    const before = await readTree(dir)
    tick()
    h.harvest.move(moved.id, '2024-11-20')
    h.harvest.remove(deleted.id)
    h.harvest.rename('users', user, 'Ada King-Lovelace')
    const summary = await run()
    const userDays = h.harvest.entries
      .filter((entry) => (entry.user as { id: number }).id === user)
      .map((entry) => hiveKey(entry.spent_date))
    const expected = new Set([
      ...userDays,
      hiveKey(movedFrom),
      hiveKey('2024-11-20'),
      hiveKey(deleted.spent_date)
    ])
    // Every day naming the user, both days of the move, the day of the delete: nothing else.
    expect(await changedSince(before)).toEqual([...expected].sort())
    expect(summary.lateDaysWritten).toBe(
      [...expected].filter((key) => key < hiveKey(WINDOW.from)).length
    )
    await expectArchiveExact()
  })

  it('rewrites the day of a timer running today while it runs, and once it stops', async () => {
    tick()
    const timer = h.harvest.startTimer({ spent_date: WINDOW.to, startedAgoMs: 20 * MINUTE })
    await run()
    const first = (await readTree(dir)).get(hiveKey(WINDOW.to))!
    const running = (JSON.parse(first) as TimeEntry[]).find((entry) => entry.id === timer.id)
    expect(running?.is_running).toBe(true)
    tick()
    const before = await readTree(dir)
    await run()
    // Its hours grew with Harvest's clock: the day is rewritten, nothing else.
    expect(await changedSince(before)).toEqual([hiveKey(WINDOW.to)])
    tick()
    h.harvest.stopTimer(timer.id)
    await run()
    await expectArchiveExact()
    const settled = await readTree(dir)
    await run()
    expect(await changedSince(settled)).toEqual([])
  })

  it('refreshes a timer running on a past day once it stops', async () => {
    tick()
    const timer = h.harvest.startTimer({ spent_date: '2024-09-17', startedAgoMs: 10 * MINUTE })
    const summary = await run()
    expect(summary.late?.days.map((day) => day.date)).toContain('2024-09-17')
    tick()
    tick()
    const stopped = h.harvest.stopTimer(timer.id)
    const before = await readTree(dir)
    await run()
    expect(await changedSince(before)).toEqual([hiveKey('2024-09-17')])
    const day = JSON.parse((await readTree(dir)).get(hiveKey('2024-09-17'))!) as TimeEntry[]
    expect(day.find((entry) => entry.id === timer.id)).toEqual(stopped)
    await expectArchiveExact()
  })
})
