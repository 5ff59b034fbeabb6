import type { TimeEntry } from '../../../src/harvest/types.js'
import { sweepSpan, unchangedSweepCost } from '../../../src/late-edits/plan.js'
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
import { archiveHarness, sweepRequestUrls } from '../../support/sweep-reads.js'

/**
 * A two-year archive (directory store, flat): the cost of an unchanged sweep is 1 + 2 + 4
 * requests, and a day of late changes spread over both years leaves every day exact.
 */
const ARCHIVE_FROM = '2023-01-01'
const SPAN = sweepSpan(ARCHIVE_FROM, WINDOW.from)!

describe('late edits over a two-year archive (directory store)', () => {
  let h: Harness
  let dir: string
  let clock = NOW.getTime() - 3_600_000

  const run = () => h.run({ 's3-bucket': '', 's3-endpoint': '', 'out-dir': dir }, FAST)
  const tick = () => h.harvest.setClock((clock += 300_000))

  /** Harvest requests of the last run that the window alone would not make. */
  const sweepRequests = () => sweepRequestUrls(h.harvest.requestLog, WINDOW.from).length

  beforeAll(async () => {
    h = await archiveHarness({ entries: 3000, from: ARCHIVE_FROM, seed: 23, clock: () => clock })
    dir = await tempDir()
    await h.run(
      { 's3-bucket': '', 's3-endpoint': '', 'out-dir': dir, from: ARCHIVE_FROM, to: WINDOW.to },
      FAST
    )
  })

  afterAll(async () => {
    await h.stop()
    await removeDir(dir)
  })

  it('sweeps an unchanged archive in 1 + years + 4 requests', async () => {
    tick()
    h.harvest.resetStats()
    const summary = await run()
    expect(summary.lateDaysWritten).toBe(0)
    expect(unchangedSweepCost(SPAN)).toBe(7)
    expect(sweepRequests()).toBe(7)
  })

  it('leaves every day exact after a day of late changes over both years', async () => {
    const inSpan = h.harvest.entries.filter((entry) => entry.spent_date <= SPAN.to)
    const pickEvery = (step: number, offset: number): TimeEntry[] =>
      inSpan.filter((_, index) => index % step === offset)
    tick()
    for (const entry of pickEvery(300, 7)) h.harvest.update(entry.id, { notes: 'late fix' })
    for (const entry of pickEvery(900, 11)) h.harvest.remove(entry.id)
    h.harvest.move(inSpan[40].id, '2024-10-03')
    h.harvest.move(inSpan[2000].id, '2023-02-14')
    h.harvest.rename('tasks', (inSpan[5].task as { id: number }).id, 'Renamed Task')
    const summary = await run()
    expect(summary.lateDaysWritten).toBeGreaterThan(0)
    const expected = expectedDayFiles(h.harvest.entries, ARCHIVE_FROM, WINDOW.to, '')
    const files = await readTree(dir)
    const prefix = 'harvest/'
    for (const [key, body] of files) {
      expect([key, body]).toEqual([key, expected.get(key.slice(prefix.length)) ?? '[]\n'])
    }
    for (const key of expected.keys()) expect(files.has(`${prefix}${key}`)).toBe(true)
    // And the next run finds nothing left to write.
    tick()
    const again = await run()
    expect(again).toMatchObject({ daysWritten: 0, lateDaysWritten: 0 })
  })
})
