import { jest } from '@jest/globals'
import { Harness, WINDOW, expectedDayFiles } from '../../support/harness.js'
import { pageParsesOf as parsesOf } from '../../support/page-parses.js'
import { knownReads, STATE_KEY } from '../../support/known-reads.js'

/**
 * Reads known from the last run. One account of 100,000 entries and one first run for the
 * whole file (the first run is most of the cost): each test starts with a run that leaves the
 * archive exact and every read recorded, and leaves it so for the next; the test that writes a
 * change log comes last, as the others compare the whole bucket.
 */

// Each test reads 100,000 entries at least twice: a guard against a hang, generous for a busy machine.
jest.setTimeout(180_000)

describe('reads known from the last run (simulator over HTTP, s3rver)', () => {
  let h: Harness

  beforeAll(async () => {
    // About 55,000 entries in the window: the first page, then ranges of several pages,
    // where reading the first run's ranges again costs at most a page more than new ones.
    h = await new Harness().start({ entries: 100_000 })
  })

  afterAll(async () => {
    await h.stop()
  })

  const { state, pagesOf, requestsOf, inWindow } = knownReads(() => h)

  describe('reruns', () => {
    it('an unchanged rerun reads the same ranges and parses only the first page', async () => {
      const first = await h.run()
      const reads = (await state()).reads!
      const keys = Object.keys(reads)
      expect(keys.length).toBeGreaterThanOrEqual(2)
      // Every entry of the window but the first page's newest days is in a recorded read.
      const recorded = Object.values(reads).flatMap((read) => Object.values(read.days))
      expect(recorded.reduce((sum, [count]) => sum + count, 0)).toBeGreaterThan(
        inWindow().length - 2000
      )

      const rangeOf = (key: string): [string, string] =>
        key.split('-').map((d) => `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}`) as [
          string,
          string
        ]
      const firstPages = keys.map((key) => pagesOf(...rangeOf(key)))

      h.s3.resetCounts()
      h.harvest.resetStats()
      let summary: Awaited<ReturnType<Harness['run']>> | undefined
      expect(await parsesOf(async () => (summary = await h.run()))).toBe(1)
      expect(summary).toMatchObject({ daysWritten: 0, entries: first.entries })
      // The same ranges again, page for page (how the first run probed its way there can vary
      // with timing by a request; the rerun needs no probe beyond its first page).
      expect(keys.map((key) => pagesOf(...rangeOf(key)))).toEqual(firstPages)
      expect(summary!.harvestRequests).toBeLessThanOrEqual(first.harvestRequests)
      expect(summary!.days.map((day) => [day.entries, day.hours])).toEqual(
        first.days.map((day) => [day.entries, day.hours])
      )
      for (const pages of firstPages) expect(pages).toBeGreaterThan(0)
      expect(['list', 'get', 'head', 'put'].map((kind) => h.s3.count(kind))).toEqual([1, 0, 0, 0])
      expect(h.s3.stateCount('put')).toBe(0)
      expect(await h.s3.snapshot()).toEqual(
        expectedDayFiles(h.harvest.entries, WINDOW.from, WINDOW.to)
      )
    })

    it('an edit parses its own range only, and the run after knows that range again', async () => {
      await h.run()
      const reads = (await state()).reads!
      const oldest = Object.keys(reads).sort()[0]
      const entry = inWindow().find((item) => item.spent_date === WINDOW.from)!
      h.harvest.update(entry.id, { notes: 'edited after the first run' })

      h.harvest.resetStats()
      let summary: Awaited<ReturnType<Harness['run']>> | undefined
      const parsed = await parsesOf(async () => (summary = await h.run()))
      expect(summary).toMatchObject({ daysWritten: 1, updated: 1 })
      const from = WINDOW.from
      const to = `${oldest.slice(9, 13)}-${oldest.slice(13, 15)}-${oldest.slice(15)}`
      // The first page, and the edited range's pages: no other range was parsed.
      expect(parsed).toBe(1 + pagesOf(from, to))
      expect(await h.s3.snapshot()).toEqual(
        expectedDayFiles(h.harvest.entries, WINDOW.from, WINDOW.to)
      )
      const after = (await state()).reads!
      expect(after[oldest].pages).not.toBe(reads[oldest].pages)
      expect({ ...after, [oldest]: undefined }).toEqual({ ...reads, [oldest]: undefined })

      expect(await parsesOf(() => h.run())).toBe(1)
    })
  })

  describe('stale records', () => {
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
  })
})
