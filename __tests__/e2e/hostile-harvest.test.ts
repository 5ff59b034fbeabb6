import { readTree, removeDir, tempDir } from '../support/harness.js'
import { HostileHarvest, type Attack } from '../support/hostile-harvest.js'
import { CLI, runNode } from '../support/processes.js'

/**
 * The bundled CLI against a hostile "Harvest" on loopback, once per attack: each run ends
 * with exit 1 and a message saying what Harvest did, after a bounded number of requests,
 * having written nothing and shown the token in no form.
 */
const TOKEN = 'pat-Host/Secret+Token=7f3a9c1e'

describe('the bundled CLI against a hostile Harvest', () => {
  let dir: string

  beforeEach(async () => {
    dir = await tempDir()
  })

  afterEach(async () => {
    await removeDir(dir)
  })

  async function attackWith(attack: Attack, setup: (h: HostileHarvest) => void = () => undefined) {
    const harvest = new HostileHarvest(attack)
    setup(harvest)
    await harvest.start()
    try {
      const result = await runNode(
        CLI,
        [
          '--out-dir',
          dir,
          '--harvest-url',
          harvest.url,
          '--from',
          '2026-12-01',
          '--to',
          '2026-12-31'
        ],
        { HARVEST_ACCOUNT_ID: '123', HARVEST_ACCESS_TOKEN: TOKEN }
      )
      const output = `${result.stdout}\n${result.stderr}`
      // The token in no form: as sent, in another case, URL-encoded.
      for (const form of [TOKEN, encodeURIComponent(TOKEN)])
        expect(output.toLowerCase()).not.toContain(form.toLowerCase())
      expect(result.code).toBe(1)
      expect([...(await readTree(dir)).keys()]).toEqual([])
      return { stderr: result.stderr, requests: harvest.requests }
    } finally {
      await harvest.stop()
    }
  }

  it('refuses a gzip bomb at the first answer (64 MiB at most after decompression)', async () => {
    const run = await attackWith('gzip-bomb', (h) => (h.bombBytes = 256 * 1024 ** 2))
    expect(run.stderr).toMatch(/is larger than 64 MiB \(after decompression\)/)
    expect(run.requests).toBe(1)
  })

  it('fails at once on Retry-After: 999999, naming the wait', async () => {
    const run = await attackWith('huge-retry-after')
    expect(run.stderr).toMatch(/asking to wait 999999 s \(about 12 days\)/)
    expect(run.stderr).not.toMatch(/TimeoutOverflowWarning/)
    expect(run.requests).toBe(1)
  })

  it('stops following endless empty pages', async () => {
    const run = await attackWith('endless-pages')
    expect(run.stderr).toMatch(/kept linking onward past 2 pages/)
    expect(run.requests).toBeLessThanOrEqual(3)
  })

  it('fails, naming it, on an entry whose spent_date is a path inside the range', async () => {
    const run = await attackWith('bad-spent-date')
    expect(run.stderr).toMatch(/spent_date "2026-12-04\/..\/..\/x", not a real date/)
  })

  it('never prints the token Harvest echoes back in other forms', async () => {
    const run = await attackWith('echo-token')
    expect(run.stderr).toMatch(/Harvest answered 400 \(bad token \[redacted\] \/ \[redacted\]/)
  })
})
