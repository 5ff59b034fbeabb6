import { Harness, WINDOW, expectedDayFiles } from '../support/harness.js'

const PAGE = 2000

describe('Harvest requests (simulator over HTTP, s3rver)', () => {
  let h: Harness

  beforeEach(async () => {
    // About 11,000 entries in the window: six pages, split into ranges.
    h = await new Harness().start({ entries: 20_000 })
  })

  afterEach(async () => {
    await h.stop()
  })

  /** Query strings of the Harvest requests since the last reset, in order. */
  const requests = () => h.harvest.requestLog.map((r) => new URL(r.url, h.harvest.url).searchParams)
  const inWindow = () =>
    h.harvest.entries.filter((e) => e.spent_date >= WINDOW.from && e.spent_date <= WINDOW.to)

  it('keeps the newest days of the first page instead of reading them again', async () => {
    const summary = await h.run()
    expect(await h.s3.snapshot()).toEqual(
      expectedDayFiles(h.harvest.entries, WINDOW.from, WINDOW.to)
    )
    // Only the first page asks for days up to the end of the window.
    expect(requests().filter((query) => query.get('to') === WINDOW.to)).toHaveLength(1)
    expect(summary.harvestRequests).toBe(requests().length)
  })

  it('plans a rerun from the stored sizes: within one request of ceil(entries / 2000)', async () => {
    const first = (await h.run()).harvestRequests
    h.s3.resetCounts()
    const summary = await h.run()
    const bound = Math.ceil(inWindow().length / PAGE)
    expect(summary.harvestRequests).toBeLessThanOrEqual(bound + 1)
    expect(summary.harvestRequests).toBeLessThan(first)
    expect(h.s3.count('put')).toBe(0)
  })

  it('reads the newest days again when an entry moved into them after the first page', async () => {
    await h.run()
    const old = inWindow().find((entry) => entry.spent_date < '2025-02-01')!
    h.harvest.resetStats()
    let moved = false
    h.harvest.injectFault({
      kind: '500',
      times: Infinity,
      // Right after the first page: the older days lose an entry the first page did not see.
      match: () => {
        if (!moved && h.harvest.stats.requests === 2) {
          h.harvest.move(old.id, WINDOW.to)
          moved = true
        }
        return false
      }
    })
    await h.run()
    expect(moved).toBe(true)
    // The first page, then the newest days' own range once the totals did not add up.
    expect(requests().filter((query) => query.get('to') === WINDOW.to)).toHaveLength(2)
    expect(await h.s3.snapshot()).toEqual(
      expectedDayFiles(h.harvest.entries, WINDOW.from, WINDOW.to)
    )
    expect((await h.s3.snapshot()).get(`harvest/${WINDOW.to.replaceAll('-', '')}.json`)).toContain(
      `"id": ${old.id},`
    )
  })
})
