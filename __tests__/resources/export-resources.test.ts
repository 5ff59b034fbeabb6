import { HarvestSimulator } from '../../sandbox/harvest-simulator.js'
import { LIST_RESOURCES } from '../../sandbox/resource-store.js'
import { ExportError, SafetyError } from '../../src/errors.js'
import { HarvestClient } from '../../src/harvest/client.js'
import { otherResources } from '../../src/resources/catalog.js'
import { exportResources } from '../../src/resources/export-resources.js'
import { RESOURCE_NAMES } from '../../src/config/resources.js'
import type { ResourceWriteContext } from '../../src/resources/sync-resource.js'
import { DirStore } from '../../src/store/dir-store.js'
import { readTree, removeDir, tempDir } from '../support/harness.js'

describe('exportResources: simulator over HTTP into the directory store', () => {
  let sim: HarvestSimulator
  let dir: string
  let written: string[]

  beforeEach(async () => {
    sim = new HarvestSimulator({ entries: 10, seed: 5, rateLimit: false })
    await sim.start()
    dir = await tempDir()
    written = []
  })
  afterEach(async () => {
    await sim?.stop()
    await removeDir(dir)
  })

  const client = () =>
    new HarvestClient({
      url: sim.url,
      accountId: sim.accountId,
      accessToken: sim.token,
      userAgent: 'resources-test (dev@example.com)',
      retry: { attempts: 2, baseDelayMs: 5, maxDelayMs: 10 }
    })
  const context = (): ResourceWriteContext => ({
    store: new DirStore(dir),
    scheme: { prefix: '', layout: 'flat', format: 'json' },
    today: '2025-03-31',
    time: '120000',
    dryRun: false,
    allowEmpty: false,
    changes: false,
    log: { info: () => undefined, warn: () => undefined },
    written: (key) => written.push(key)
  })
  const all = otherResources(RESOURCE_NAMES)
  const read = () => ({ harvestUrl: sim.url, accountId: sim.accountId })

  it('writes every resource sorted by id, one request each', async () => {
    const harvest = client()
    const outcome = await exportResources(harvest, all, read(), context())
    expect(outcome.failure).toBeUndefined()
    expect(harvest.requests).toBe(15)
    const files = await readTree(dir)
    for (const name of LIST_RESOURCES) {
      const records = [...sim.listRecords(name)].sort((a, b) => a.id - b.id)
      expect(files.get(`${name}.json`)).toBe(JSON.stringify(records, null, 2) + '\n')
    }
    expect(files.get('company.json')).toBe(JSON.stringify(sim.company, null, 2) + '\n')
    expect(written.sort()).toEqual([...files.keys()].sort())
  })

  it('keeps going past failed resources and names every one of them', async () => {
    sim.forbid('invoices')
    sim.forbid('users')
    const outcome = await exportResources(client(), all, read(), context())
    expect(outcome.failure).toBeInstanceOf(ExportError)
    const message = (outcome.failure as Error).message
    expect(message).toMatch(/^2 resources were not refreshed \(users, invoices\)/)
    expect(message).toContain(
      'Reading users takes an Administrator, or a Manager with assigned teammates'
    )
    expect(
      outcome.reports.filter((row) => row.status === 'not-refreshed').map((row) => row.resource)
    ).toEqual(['users', 'invoices'])
    const files = await readTree(dir)
    expect(files.has('invoices.json')).toBe(false)
    expect(files.size).toBe(13)
  })

  it('reports a lone refusal as it is', async () => {
    await exportResources(client(), otherResources(['roles']), read(), context())
    for (const role of [...sim.listRecords('roles')]) sim.deleteRecord('roles', role.id)
    const outcome = await exportResources(client(), otherResources(['roles']), read(), context())
    expect(outcome.failure).toBeInstanceOf(SafetyError)
  })
})
