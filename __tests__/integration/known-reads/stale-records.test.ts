import { jest } from '@jest/globals'
import { Harness, WINDOW, expectedDayFiles } from '../../support/harness.js'
import { pageParsesOf as parsesOf } from '../../support/page-parses.js'
import { knownReads, STATE_KEY } from '../../support/known-reads.js'

/**
 * Reads known from the last run, in two files so that both cores run them (each test reads
 * an account of 100,000 entries twice): records gone stale here, reruns in rerun.test.ts.
 */

// Each test reads 100,000 entries twice: a guard against a hang, generous for a busy machine.
jest.setTimeout(180_000)

describe('reads known from the last run: stale records (simulator over HTTP, s3rver)', () => {
  let h: Harness

  beforeEach(async () => {
    // About 55,000 entries in the window: the first page, then ranges of several pages,
    // where reading the first run's ranges again costs at most a page more than new ones.
    h = await new Harness().start({ entries: 100_000 })
  })

  afterEach(async () => {
    await h.stop()
  })

  const { state, requestsOf, inWindow } = knownReads(() => h)

  it('a file changed by someone else in a known range is put back from the parsed pages', async () => {
    await h.run()
    const expected = expectedDayFiles(h.harvest.entries, WINDOW.from, WINDOW.to)
    const range = Object.keys((await state()).reads!).find(
      (key) => key.slice(0, 8) <= '20250110' && key.slice(9) >= '20250110'
    )!
    await h.s3.putText('harvest/20250110.json', '[]\n')
    h.s3.resetCounts()
    h.harvest.resetStats()
    const parsed = await parsesOf(async () => {
      const summary = await h.run({ changes: 'true' })
      expect(summary.daysWritten).toBe(1)
      expect(summary.days.find((day) => day.date === '2025-01-10')!.status).toBe('written')
    })
    // The first page, and the pages of the one range the day is in: no other range.
    const walked = requestsOf(
      `${range.slice(0, 4)}-${range.slice(4, 6)}-${range.slice(6, 8)}`,
      `${range.slice(9, 13)}-${range.slice(13, 15)}-${range.slice(15)}`
    )
    expect(walked).toBeGreaterThan(0)
    expect(parsed).toBe(1 + walked)
    expect(h.s3.count('put')).toBeGreaterThanOrEqual(1)
    const snapshot = await h.s3.snapshot()
    for (const [key, body] of expected) expect(snapshot.get(key)).toBe(body)
  })

  it('a record that does not look right is left out: its range is parsed, the files stay exact', async () => {
    await h.run()
    const stored = await state()
    const [broken, wrongPages, ...rest] = Object.keys(stored.reads!).sort()
    stored.reads![broken] = { pages: 'x', days: { 19990101: [1, 1, 'y'] } }
    stored.reads![wrongPages] = { ...stored.reads![wrongPages], pages: 'not-these-pages' }
    stored.reads!['20250340-20250341'] = 'junk' as never
    await h.s3.putText(STATE_KEY, JSON.stringify(stored))
    h.harvest.update(inWindow().find((item) => item.spent_date === '2025-01-03')!.id, {
      hours: 7.25
    })

    h.harvest.resetStats()
    const parsed = await parsesOf(async () => {
      expect(await h.run()).toMatchObject({ daysWritten: 1, updated: 1 })
    })
    const walked = (key: string): number =>
      requestsOf(
        `${key.slice(0, 4)}-${key.slice(4, 6)}-${key.slice(6, 8)}`,
        `${key.slice(9, 13)}-${key.slice(13, 15)}-${key.slice(15)}`
      )
    // Only the ranges with a record that still holds were read without parsing.
    expect(parsed).toBe(1 + walked(broken) + walked(wrongPages))
    expect(rest.length).toBeGreaterThan(0)
    expect(await h.s3.snapshot()).toEqual(
      expectedDayFiles(h.harvest.entries, WINDOW.from, WINDOW.to)
    )
  })
})
