import { jest } from '@jest/globals'
import { Harness, WINDOW, expectedDayFiles } from '../../support/harness.js'
import { pageParsesOf as parsesOf } from '../../support/page-parses.js'
import { knownReads } from '../../support/known-reads.js'

/**
 * Reads known from the last run, in two files so that both cores run them (each test reads
 * an account of 100,000 entries twice): reruns here, records gone stale in stale-records.test.ts.
 */

// Each test reads 100,000 entries twice: a guard against a hang, generous for a busy machine.
jest.setTimeout(180_000)

describe('reads known from the last run: reruns (simulator over HTTP, s3rver)', () => {
  let h: Harness

  beforeEach(async () => {
    // About 55,000 entries in the window: the first page, then ranges of several pages,
    // where reading the first run's ranges again costs at most a page more than new ones.
    h = await new Harness().start({ entries: 100_000 })
  })

  afterEach(async () => {
    await h.stop()
  })

  const { state, pagesOf, inWindow } = knownReads(() => h)

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
