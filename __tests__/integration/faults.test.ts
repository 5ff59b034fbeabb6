import { FAST, Harness, WINDOW, expectedDayFiles } from '../support/harness.js'
import { ExportError } from '../../src/errors.js'
import type { FaultKind } from '../../sandbox/harvest-simulator.js'

const SHORT_TIMEOUT = { ...FAST, harvest: { ...FAST.harvest, timeoutMs: 2_000 } }

/** True when every stored file is either exactly its old content or exactly its new one. */
function eachFileOldOrNew(
  stored: Map<string, string>,
  before: Map<string, string>,
  after: Map<string, string>
): boolean {
  return [...stored].every(([key, body]) => body === before.get(key) || body === after.get(key))
}

describe('Harvest faults', () => {
  let h: Harness

  beforeEach(async () => {
    // Enough entries for several pages and ranges: the faults hit the middle of walks.
    h = await new Harness().start({ entries: 9000 })
  })

  afterEach(async () => {
    await h.stop()
  })

  let needed: number | undefined

  /** Where the simulator counts a faulted answer: its status, or the kind for broken replies. */
  const counted: Partial<Record<FaultKind, string>> = {
    '429': '429',
    '500': '500',
    '502': '502',
    '503': '503',
    reset: 'reset',
    truncate: 'truncate',
    timeout: 'timeout'
  }

  it.each<[FaultKind, number]>([
    ['429', 2],
    ['500', 2],
    ['502', 1],
    ['503', 2],
    ['reset', 2],
    ['truncate', 2],
    ['timeout', 1],
    ['lie-total', 1]
  ])(
    'recovers from transient %s faults with the same result as a fault-free run',
    async (kind, times) => {
      // Every other request, so faults land on first pages and on next-link pages; a run of this
      // size makes few enough requests that two faults of each kind is what it can meet.
      // The simulator asks `match` only while the fault is queued, and takes the fault on true.
      // The requests a fault-free run needs: every test's simulator holds the same data (one
      // seed), so one fault-free run into another prefix measures it for all of them.
      if (needed === undefined) {
        await h.run({ 's3-prefix': 'baseline/' })
        needed = h.harvest.stats.requests
        h.harvest.resetStats()
      }
      let seen = 0
      const fired: string[] = []
      h.harvest.injectFault({
        kind,
        times,
        retryAfterSeconds: 1,
        match: (url) => {
          const hit = seen++ % 2 === 1
          if (hit) fired.push(url.search)
          return hit
        }
      })
      // A page never answered costs the client's whole timeout: a short one, as in fault-storm.
      const summary = await h.run({}, kind === 'timeout' ? SHORT_TIMEOUT : {})
      expect(await h.s3.snapshot('harvest/')).toEqual(
        expectedDayFiles(h.harvest.entries, WINDOW.from, WINDOW.to)
      )
      expect(summary.entries).toBe(
        h.harvest.entries.filter(
          (entry) => entry.spent_date >= WINDOW.from && entry.spent_date <= WINDOW.to
        ).length
      )
      // The fault really fired, as often as asked, and the simulator answered it as that fault.
      expect(fired).toHaveLength(times)
      const { byStatus, rateLimited, requests } = h.harvest.stats
      const key = counted[kind]
      if (key) expect((byStatus[key] ?? 0) - (key === '429' ? rateLimited : 0)).toBe(times)
      for (const other of Object.values(counted))
        if (other !== key && other !== '429') expect(byStatus[other]).toBeUndefined()
      // Every faulted request was retried: the product counts what it sent, the simulator what it got.
      expect(summary.harvestRequests).toBe(requests)
      expect(requests).toBeGreaterThanOrEqual(needed + times)
    }
  )

  it('fails on a persistent fault, leaving the days it could not read untouched', async () => {
    await h.run()
    const before = await h.s3.snapshot()
    // Change every day, then break one range for good.
    for (const entry of h.harvest.entries)
      h.harvest.update(entry.id, { notes: `changed ${entry.id}` })
    const after = expectedDayFiles(h.harvest.entries, WINDOW.from, WINDOW.to)
    // Only the oldest range's requests (the first page for the whole window ends later).
    h.harvest.injectFault({
      kind: '503',
      times: Infinity,
      match: (url) => (url.searchParams.get('to') ?? '') < '2025-02-15'
    })
    h.harvest.resetStats()
    const error = await h.failure()
    expect(error.message).toContain('Harvest answered 503, still after 5 attempts')
    // Each broken request was tried five times (FAST.harvest.retry.attempts), then given up.
    const faulted = h.harvest.stats.byStatus['503'] ?? 0
    expect(faulted).toBeGreaterThanOrEqual(5)
    expect(faulted % 5).toBe(0)
    expect(error.message).toMatch(/\d+ days \(2024-12-31\.\.2025-\d\d-\d\d\) were not refreshed/)
    const stored = await h.s3.snapshot()
    expect(eachFileOldOrNew(stored, before, after)).toBe(true)
    // The earliest days were in the broken range: still their old bytes.
    expect(stored.get('harvest/20241231.json') ?? '').toBe(
      before.get('harvest/20241231.json') ?? ''
    )
    // The newest days, the ones that change most, were still refreshed.
    expect(stored.get('harvest/20250331.json')).toBe(after.get('harvest/20250331.json'))
  })

  it('in the snapshot layout, a failed read writes no snapshot and reports every day as not refreshed', async () => {
    h.harvest.injectFault({
      kind: '503',
      times: Infinity,
      match: (url) => (url.searchParams.get('to') ?? '') < '2025-02-15'
    })
    const error = await h.failure({ layout: 'snapshot' })
    expect(error.message).toContain('91 days (2024-12-31..2025-03-31) were not refreshed')
    expect(h.harvest.stats.byStatus['503']).toBeGreaterThanOrEqual(5)
    expect(h.s3.count('put')).toBe(0)
  })

  it('fails when Harvest keeps lying about total_entries, writing nothing for that range', async () => {
    let lies = 0
    h.harvest.injectFault({ kind: 'lie-total', times: Infinity, match: () => ++lies > 0 })
    const error = await h.failure()
    expect(error.message).toMatch(/reported \d+ entries but returned \d+/)
    // Every request was lied to (the count check is what failed it, not something else).
    expect(lies).toBe(h.harvest.stats.requests)
    expect(lies).toBeGreaterThanOrEqual(5)
    expect((await h.s3.snapshot()).size).toBe(0)
  })

  it.each([
    [
      401,
      { 'harvest-access-token': 'wrong-token' },
      ['harvest-access-token', 'harvest-account-id']
    ],
    [
      404,
      { 'harvest-account-id': '999' },
      ['harvest-url', 'harvest-account-id', 'harvest-access-token']
    ]
  ])('fails fast on %d with advice on what to check', async (status, values, advice) => {
    const error = await h.failure(values)
    expect(error.message).toContain(String(status))
    for (const name of advice) expect(error.message).toContain(name)
    expect(error.message).not.toContain('wrong-token')
    expect(h.harvest.stats.requests).toBe(1)
    expect(h.s3.count('put')).toBe(0)
  })

  it('fails fast on 404 naming harvest-url', async () => {
    const error = await h.failure({
      'harvest-url': h.harvest.url.replace('/v2/time_entries', '/v2/nothing')
    })
    expect(error.message).toContain('404')
    expect(error.message).toContain('harvest-url')
    expect(h.harvest.stats.requests).toBe(1)
  })
})

describe('stopping early', () => {
  let h: Harness

  beforeAll(async () => {
    h = await new Harness().start({ entries: 9000, latencyMs: 60 })
  })

  afterAll(async () => {
    await h.stop()
  })

  it('stops starting new ranges when asked, leaves files whole and names the days not refreshed', async () => {
    await h.run()
    const before = await h.s3.snapshot()
    for (const entry of h.harvest.entries)
      h.harvest.update(entry.id, { notes: `later ${entry.id}` })
    const after = expectedDayFiles(h.harvest.entries, WINDOW.from, WINDOW.to)
    // Ask to stop as soon as the first range starts being written, as a Lambda near its timeout would.
    const stop = new AbortController()
    h.s3.interceptor = (request) => {
      if (request.kind === 'put' && !stop.signal.aborted)
        stop.abort(new ExportError('The Lambda function is about to time out'))
      return undefined
    }
    const failure = await h.failure(
      {},
      { ...FAST, stop: stop.signal, tuning: { concurrency: 1, ranges: 4 } }
    )
    expect(failure.message).toContain('about to time out')
    expect(failure.message).toMatch(
      /\d+ days \(.+\) were not refreshed; their stored files are untouched/
    )
    const stored = await h.s3.snapshot()
    const refreshed = [...stored].filter(
      ([key, body]) => body === after.get(key) && body !== before.get(key)
    ).length
    const untouched = [...stored].filter(([key, body]) => body === before.get(key)).length
    expect(refreshed).toBeGreaterThan(0)
    expect(untouched).toBeGreaterThan(0)
    expect(refreshed + untouched).toBe(stored.size)
  })
})
