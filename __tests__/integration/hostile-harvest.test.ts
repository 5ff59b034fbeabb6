import { LAMBDA_NAMES, spellerFor } from '../../src/config/setting-names.js'
import { userMessage } from '../../src/errors.js'
import { HarvestClient } from '../../src/harvest/client.js'
import { MAX_BODY_BYTES } from '../../src/harvest/bounds.js'
import { fetchResource } from '../../src/resources/completeness.js'
import { HttpSweepReads } from '../../src/late-edits/harvest-reads.js'
import { RESOURCE_CATALOG } from '../../src/resources/catalog.js'
import { HostileHarvest, type Attack } from '../support/hostile-harvest.js'

/**
 * The Harvest client against a hostile "Harvest" on loopback: every attack ends in a clear
 * error after a bounded number of requests, never in an endless walk, a stalled run, a
 * swallowed entry or the token in the message.
 */
const TOKEN = 'pat-Host/Secret+Token=7f3a9c1e'

describe('a hostile Harvest', () => {
  let harvest: HostileHarvest
  let client: HarvestClient

  async function start(attack: Attack, setup: (h: HostileHarvest) => void = () => undefined) {
    harvest = new HostileHarvest(attack)
    setup(harvest)
    await harvest.start()
    client = new HarvestClient({
      url: harvest.url,
      accountId: '123',
      accessToken: TOKEN,
      userAgent: 'hostile-harvest-test',
      // Retries that would show at once, without waiting for them.
      retry: { attempts: 5, baseDelayMs: 1, maxDelayMs: 1 },
      rateLimit: { max: 1000, windowMs: 1000 }
    })
  }

  afterEach(async () => {
    client.close()
    await harvest.stop()
  })

  const read = (from = '2026-12-01', to = '2026-12-31') => client.fetchRange(from, to)

  it('refuses a body that inflates past 64 MiB at once, without retrying', async () => {
    await start('gzip-bomb', (h) => (h.bombBytes = MAX_BODY_BYTES + 1024 * 1024))
    await expect(read()).rejects.toThrow(
      /larger than 64 MiB \(after decompression\).*check harvest-url/i
    )
    expect(harvest.requests).toBe(1)
  })

  it('names the URL setting once in that refusal, as the running face spells it', async () => {
    await start('gzip-bomb', (h) => (h.bombBytes = MAX_BODY_BYTES + 1024 * 1024))
    const message = userMessage(
      await read().catch((error: unknown) => error),
      [],
      spellerFor(LAMBDA_NAMES)
    )
    expect(message).toMatch(
      /refusing to read it\. Check HARVEST_URL, or a proxy between here and Harvest\.$/
    )
    expect(message).not.toContain('harvest-url')
  })

  it('reads a compressed page of just under 64 MiB', async () => {
    await start('big-page', (h) => (h.bombBytes = MAX_BODY_BYTES - 1024))
    expect((await read()).entries).toHaveLength(1)
  })

  it.each([
    [
      '999999',
      /asking to wait 999999 s \(about 12 days\) \(Retry-After: "999999"\), longer than the 15 minutes/
    ],
    // 2^31 ms and more would overflow setTimeout into an immediate retry.
    ['2147484', /asking to wait 2147484 s \(about 25 days\)/],
    ['901', /asking to wait 901 s \(about 16 minutes\)/],
    [
      new Date(Date.now() + 3_600_000).toUTCString(),
      /asking to wait 3\d\d\d s \(about 60 minutes\)/
    ]
  ])('fails at once on Retry-After: %s', async (retryAfter, message) => {
    await start('huge-retry-after', (h) => (h.retryAfter = retryAfter))
    await expect(read()).rejects.toThrow(message)
    expect(harvest.requests).toBe(1)
  })

  it('stops following endless empty pages after ceil(total / per_page) + 2 of them', async () => {
    await start('endless-pages')
    await expect(read()).rejects.toThrow(
      /could not be read completely: Harvest's pages kept linking onward past 2 pages/
    )
    expect(harvest.requests).toBe(2)
  })

  it('stops a resource walk of endless pages the same way', async () => {
    await start('endless-pages')
    const projects = RESOURCE_CATALOG.projects
    await expect(
      fetchResource(client, projects, { harvestUrl: harvest.url, accountId: '123' })
    ).rejects.toThrow(/projects could not be read completely: .*past 2 pages/)
    // Three walks of at most three pages each, never more.
    expect(harvest.requests).toBeLessThanOrEqual(9)
  })

  it("stops the late-edits sweep's walk of endless pages the same way", async () => {
    await start('endless-pages')
    const sweep = new HttpSweepReads(client, harvest.url, (from, to) => read(from, to))
    await expect(sweep.updatedEntries('2026-12-01T00:00:00Z')).rejects.toThrow(
      /time entries updated since .* kept linking onward past 2 pages/
    )
    expect(harvest.requests).toBe(2)
  })

  it.each([
    ['2026-12-04/../../x', /spent_date "2026-12-04\/..\/..\/x", not a real date/],
    ['2026-02-30', /spent_date "2026-02-30", not a real date/],
    ['2026-12-4', /spent_date "2026-12-4", not a real date/]
  ])('makes the read incomplete for spent_date %s inside the range', async (date, message) => {
    await start('bad-spent-date', (h) => (h.spentDate = date))
    await expect(read('2026-01-01', '2026-12-31')).rejects.toThrow(message)
  })

  it.each([[0], [-4], [1.5], ['7'], [null]])(
    'makes the read incomplete for an entry id of %p',
    async (id) => {
      await start('bad-id', (h) => (h.entryId = id))
      await expect(read()).rejects.toThrow(/entry with id .*, not a positive integer/)
    }
  )

  it('never repeats the token it echoes back, in any case or encoding', async () => {
    await start('echo-token')
    const error = await read().then(
      () => new Error('the read succeeded'),
      (e: Error) => e
    )
    expect(error.message).toMatch(
      /Harvest answered 400 \(bad token \[redacted\] \/ \[redacted\] \/ \[redacted\] \/ \[redacted\]\)/
    )
    const message = error.message.toLowerCase()
    for (const form of [TOKEN, encodeURIComponent(TOKEN)]) {
      expect(message).not.toContain(form.toLowerCase())
    }
  })
})
