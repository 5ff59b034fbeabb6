import { sweepSpan, unchangedSweepCost } from '../../../src/late-edits/plan.js'
import { Harness, NOW, WINDOW, expectedDayFiles } from '../../support/harness.js'
import { archiveHarness, sweepRequestUrls } from '../../support/sweep-reads.js'

const ARCHIVE_FROM = '2024-01-01'
const MINUTE = 60_000
/** The only months before the window that hold the renamed client's entries. */
const CLIENT_MONTHS = ['2024-02', '2024-05', '2024-08', '2024-11']

describe('a client rename before the window (simulator over HTTP, s3rver)', () => {
  let h: Harness
  let clock = NOW.getTime() - 60 * MINUTE

  afterAll(async () => {
    await h?.stop()
  })

  it("reads only the months holding the client's entries, within the README's cost bound", async () => {
    h = await archiveHarness({ entries: 2400, from: ARCHIVE_FROM, seed: 11, clock: () => clock })
    // Days ago: the client keeps its entries in four months only, the others go to another client.
    const client = (h.harvest.entries[0].client as { id: number }).id
    const other = h.harvest.entries.find((entry) => (entry.client as { id: number }).id !== client)!
    h.harvest.setClock(clock - 3 * 24 * 60 * MINUTE)
    for (const entry of [...h.harvest.entries]) {
      const month = entry.spent_date.slice(0, 7)
      if ((entry.client as { id: number }).id === client && !CLIENT_MONTHS.includes(month))
        h.harvest.update(entry.id, { client: { ...(other.client as object) } })
    }
    h.harvest.setClock(clock)
    await h.run({ from: ARCHIVE_FROM, to: WINDOW.to })

    clock += 5 * MINUTE
    h.harvest.setClock(clock)
    h.harvest.rename('clients', client, 'Renamed Client GmbH')
    h.harvest.resetStats()
    const summary = await h.run()

    const requests = sweepRequestUrls(h.harvest.requestLog, WINDOW.from).map(
      (url) => new URL(url, h.harvest.url).searchParams
    )
    const monthsRead = requests
      .filter((query) => query.get('per_page') === '2000' && !query.has('client_id'))
      .filter((query) => query.has('from'))
      .map((query) => query.get('from')!.slice(0, 7))
      .sort()
    expect(monthsRead).toEqual(CLIENT_MONTHS)
    // README, Cost per run: the unchanged sweep, one page locating the client's entries, and
    // one page per dirty month (a month of this account is one page).
    const span = sweepSpan(ARCHIVE_FROM, WINDOW.from)!
    expect(requests.length).toBeLessThanOrEqual(unchangedSweepCost(span) + 1 + CLIENT_MONTHS.length)
    expect(summary.late?.months).toEqual(CLIENT_MONTHS)
    const expected = expectedDayFiles(h.harvest.entries, ARCHIVE_FROM, WINDOW.to)
    const stored = await h.s3.snapshot('harvest/')
    for (const [key, body] of expected) expect([key, stored.get(key)]).toEqual([key, body])
  })
})
