import { LIST_RESOURCES } from '../../../sandbox/resource-store.js'
import { ExportError, SafetyError } from '../../../src/errors.js'
import { summaryMarkdown } from '../../../src/report/markdown.js'
import { summaryJson, summaryOutputs } from '../../../src/report/outputs.js'
import { summaryText } from '../../../src/report/text.js'
import { FAST, Harness, WINDOW, expectedDayFiles, readTree } from '../../support/harness.js'
import {
  startHarnessAndDir,
  stopHarnessAndDir,
  storeSettings,
  type StoreKind
} from '../../support/store-kinds.js'

type Row = { id: number; [field: string]: unknown }

/**
 * What the store must hold for each resource, computed here from the simulator's records
 * independently of the product: sorted by id, serialized like day files.
 */
function expectedObjects(
  h: Harness,
  key: (name: string) => string,
  format: 'json' | 'ndjson' = 'json'
): Map<string, string> {
  const files = new Map<string, string>()
  const write = (value: unknown): string =>
    format === 'json'
      ? JSON.stringify(value, null, 2) + '\n'
      : (Array.isArray(value) ? value : [value]).map((item) => JSON.stringify(item) + '\n').join('')
  for (const name of LIST_RESOURCES) {
    const records = [...(h.harvest.listRecords(name) as Row[])].sort((a, b) => a.id - b.id)
    files.set(key(name), write(records))
  }
  files.set(key('company'), write(h.harvest.company))
  return files
}

const flatKey = (name: string) => `harvest/${name}.json`

describe.each<StoreKind>(['s3', 'dir'])('resources (%s store)', (kind) => {
  let h: Harness
  let dir: string

  beforeEach(async () => ({ h, dir } = await startHarnessAndDir()))
  afterEach(() => stopHarnessAndDir({ h, dir }))

  const settings = (values: Record<string, string> = {}) => storeSettings(kind, dir, values)
  const run = (values: Record<string, string>) => h.run(settings(values), FAST)
  const failure = (values: Record<string, string>) => h.failure(settings(values), FAST)
  const stored = async (): Promise<Map<string, string>> =>
    kind === 's3' ? h.s3.snapshot() : readTree(dir)
  const only = (files: Map<string, string>, test: (key: string) => boolean) =>
    new Map([...files].filter(([key]) => test(key)))
  const isResourceKey = (key: string) => !/^harvest\/\d{8}\.json$/.test(key)

  it('resources: all writes every resource byte for byte beside the day files', async () => {
    const summary = await run({ resources: 'all' })
    const files = await stored()
    expect(only(files, isResourceKey)).toEqual(expectedObjects(h, flatKey))
    expect(only(files, (key) => !isResourceKey(key))).toEqual(
      expectedDayFiles(h.harvest.entries, WINDOW.from, WINDOW.to)
    )
    expect(summary.resourcesWritten).toBe(15)
    expect(summary.resources.map((row) => row.resource)).toEqual([...LIST_RESOURCES, 'company'])
    for (const row of summary.resources) {
      const records = row.resource === 'company' ? 1 : h.harvest.listRecords(row.resource).length
      expect(row).toMatchObject({
        status: 'written',
        records,
        added: records,
        updated: 0,
        deleted: 0
      })
    }
    // Every request counted: the time entries' plus one per resource (each fits one page).
    expect(summary.harvestRequests).toBe(h.harvest.stats.requests)
  })

  it('an unchanged rerun reads and writes no object; one edited project rewrites only projects.json', async () => {
    await run({ resources: 'all' })
    if (kind === 's3') h.s3.resetCounts()
    const again = await run({ resources: 'all' })
    expect(again.resourcesWritten).toBe(0)
    expect(again.objectsWritten).toEqual([])
    if (kind === 's3') expect([h.s3.count('put'), h.s3.count('get')]).toEqual([0, 0])

    const project = h.harvest.listRecords('projects')[0]
    h.harvest.editRecord('projects', project.id, { notes: 'Budget raised ✅', budget: 123.5 })
    if (kind === 's3') h.s3.resetCounts()
    const edited = await run({ resources: 'all' })
    expect(edited.objectsWritten).toEqual(['harvest/projects.json'])
    expect(edited.resourcesWritten).toBe(1)
    expect(edited.resources.find((row) => row.resource === 'projects')).toMatchObject({
      status: 'written',
      added: 0,
      updated: 1,
      deleted: 0
    })
    if (kind === 's3') {
      expect(h.s3.count('put')).toBe(1)
      expect(h.s3.count('get')).toBe(1)
    }
    expect((await stored()).get('harvest/projects.json')).toBe(
      expectedObjects(h, flatKey).get('harvest/projects.json')
    )
  })

  it('a deleted client leaves the list, and changes: true logs it per resource', async () => {
    await run({ resources: 'clients projects' })
    const client = h.harvest.listRecords('clients').at(-1)!
    const gone = JSON.parse(JSON.stringify(client)) as unknown
    h.harvest.deleteRecord('clients', client.id)
    const added = h.harvest.addRecord('projects', { name: 'Neu: Über-Projekt', code: null })
    const summary = await run({ resources: 'clients projects', changes: 'true' })
    const files = await stored()
    const clients = JSON.parse(files.get('harvest/clients.json')!) as Row[]
    expect(clients.map((row) => row.id)).not.toContain(client.id)
    expect(files.get('harvest/clients.json')).toBe(
      expectedObjects(h, flatKey).get('harvest/clients.json')
    )
    const logs = only(files, (key) => key.startsWith('harvest/changes/'))
    const stamp = '20250331-%s-150000.json'
    expect([...logs.keys()].sort()).toEqual([
      `harvest/changes/clients/deleted/${stamp.replace('%s', 'deleted')}`,
      `harvest/changes/projects/new/${stamp.replace('%s', 'new')}`
    ])
    expect(logs.get(`harvest/changes/clients/deleted/${stamp.replace('%s', 'deleted')}`)).toBe(
      JSON.stringify([gone], null, 2) + '\n'
    )
    expect(
      JSON.parse(logs.get(`harvest/changes/projects/new/${stamp.replace('%s', 'new')}`)!)
    ).toEqual([JSON.parse(JSON.stringify(added))])
    // Time entries were not asked for: no day file, no time-entries request.
    expect([...files.keys()].filter((key) => /^harvest\/\d{8}\.json$/.test(key))).toEqual([])
    expect(h.harvest.requestLog.some((entry) => entry.url.includes('/v2/time_entries'))).toBe(false)
    expect(summary.days).toEqual([])
    expect(summaryMarkdown(summary)).toContain('No time entries (not in `resources`)')
    expect(summaryMarkdown(summary)).toContain('| clients | ')
    expect(summary.resources.map((row) => [row.resource, row.added, row.deleted])).toEqual([
      ['clients', 0, 1],
      ['projects', 1, 0]
    ])
  })

  it('hive and ndjson: one folder per resource, one record per line; snapshot: one per run date', async () => {
    await run({ resources: 'all', layout: 'hive', format: 'ndjson' })
    const hive = only(await stored(), (key) => !key.includes('spent_date='))
    expect(hive).toEqual(expectedObjects(h, (name) => `harvest/${name}/${name}.ndjson`, 'ndjson'))

    await run({ resources: 'all', layout: 'snapshot', 's3-prefix': 'snap/' })
    const snapshot = only(await stored(), (key) => key.startsWith('snap/') && key.includes('/', 5))
    expect(snapshot).toEqual(
      new Map(
        [...expectedObjects(h, (name) => `snap/${name}/20250331.json`)].map(([key, body]) => [
          key,
          body
        ])
      )
    )
  })

  it('a 403 on invoices fails the run naming invoices and the permission; the rest is written', async () => {
    h.harvest.forbid('invoices')
    const error = await failure({ resources: 'all' })
    expect(error.message).toContain('invoices (403 Forbidden)')
    expect(error.message).toContain(
      'an Administrator, or a Manager with permission to view and edit invoices'
    )
    const files = await stored()
    expect(files.has('harvest/invoices.json')).toBe(false)
    expect(files.get('harvest/projects.json')).toBe(
      expectedObjects(h, flatKey).get('harvest/projects.json')
    )
    expect(error.message).not.toContain(h.harvest.token)
  })

  it('refuses an empty list over stored records unless allow-empty', async () => {
    await run({ resources: 'roles' })
    const before = (await stored()).get('harvest/roles.json')
    for (const role of [...h.harvest.listRecords('roles')]) h.harvest.deleteRecord('roles', role.id)
    const refused = await failure({ resources: 'roles' })
    expect(refused).toBeInstanceOf(SafetyError)
    expect(refused.message).toMatch(
      /Harvest listed no roles, but the stored roles object holds \d+ records/
    )
    expect((await stored()).get('harvest/roles.json')).toBe(before)
    const allowed = await run({ resources: 'roles', 'allow-empty': 'true' })
    expect(allowed.resources[0]).toMatchObject({
      resource: 'roles',
      records: 0,
      deleted: (JSON.parse(before!) as unknown[]).length
    })
    expect((await stored()).get('harvest/roles.json')).toBe('[]\n')
  })

  it('costs one request per resource on top of the time entries, and reports every resource', async () => {
    const days = await run({ 's3-prefix': 'only-days/' })
    const all = await run({ resources: 'all' })
    expect(all.harvestRequests - days.harvestRequests).toBe(15)
    expect(summaryOutputs(all)['resources-written']).toBe(15)
    const json = summaryJson(all) as { resources: Array<Record<string, unknown>> }
    expect(json.resources).toHaveLength(15)
    expect(json.resources[2]).toEqual({
      resource: 'projects',
      key: 'harvest/projects.json',
      status: 'written',
      records: h.harvest.listRecords('projects').length,
      added: h.harvest.listRecords('projects').length,
      updated: 0,
      deleted: 0
    })
    const markdown = summaryMarkdown(all)
    expect(markdown).toContain('### Resources (15 of 15 written)')
    expect(markdown).toMatch(
      /\| invoices \| \d+ \| \d+ \| 0 \| 0 \| `harvest\/invoices.json` \(written\) \|/
    )
    expect(summaryText(all)).toContain('  company  1 records  +1 ~0 -0  harvest/company.json')
    expect(summaryText(all)).not.toContain('wrote harvest/company.json')
    expect(summaryText(all)).toContain('; resource objects written 15 of 15')
  })

  it('names every resource that failed, and still writes the others', async () => {
    h.harvest.forbid('users')
    h.harvest.forbid('invoices')
    const error = await failure({ resources: 'users projects invoices' })
    expect(error.message).toMatch(/^2 resources were not refreshed \(users, invoices\)/)
    expect(error.message).toContain(
      'Reading users takes an Administrator, or a Manager with assigned teammates'
    )
    expect(error.message).toContain('Reading invoices takes')
    const files = await stored()
    expect([...files.keys()]).toEqual(['harvest/projects.json'])
  })

  it('a run of resources only still refuses a prefix bound to another account, before any request', async () => {
    await run({})
    const before = await stored()
    const withState = kind === 's3' ? await h.s3.snapshot('', true) : await readTree(dir, true)
    expect(withState.has('harvest/.harvest-s3-export/state.json')).toBe(true)
    h.harvest.resetStats()
    const error = await failure({ resources: 'projects', 'harvest-account-id': '999999' })
    expect(error).toBeInstanceOf(SafetyError)
    expect(error.message).toContain(`belongs to Harvest account ${h.harvest.accountId}`)
    expect(error.message).toContain('999999')
    expect(await stored()).toEqual(before)
    expect(h.harvest.stats.requests).toBe(0)
  })

  it('dry-run reads everything, reports what would change and writes nothing', async () => {
    const summary = await run({ resources: 'all', 'dry-run': 'true', changes: 'true' })
    expect(await stored()).toEqual(new Map())
    expect(summary.resourcesWritten).toBe(15)
    expect(summary.objectsWritten).toContain('harvest/company.json')
  })
})

describe('resources against other writers and an early stop (s3)', () => {
  let h: Harness
  beforeEach(async () => {
    h = await new Harness().start()
  })
  afterEach(async () => h.stop())

  it('decides again when another writer got to an object first (conditional PUT, 412)', async () => {
    // The other writer's object appears between this run's look (shown as missing) and its PUT.
    const other = [{ id: 1, name: 'written by another run' }]
    await h.s3.putText('harvest/tasks.json', JSON.stringify(other, null, 2) + '\n')
    let hidden = false
    h.s3.interceptor = (request) => {
      if (hidden || request.kind !== 'head' || request.key !== 'harvest/tasks.json')
        return undefined
      hidden = true
      return { status: 404 }
    }
    try {
      const summary = await h.run({ resources: 'tasks' }, FAST)
      const puts = h.s3.requests.filter((request) => request.kind === 'put')
      expect(puts.map((request) => request.status)).toEqual([412, 200])
      expect(await h.s3.getText('harvest/tasks.json')).toBe(
        expectedObjects(h, flatKey).get('harvest/tasks.json')
      )
      const tasks = h.harvest.listRecords('tasks').length
      expect(summary.resources[0]).toMatchObject({ status: 'written', added: tasks, deleted: 1 })
    } finally {
      h.s3.interceptor = undefined
    }
  })

  it('a run stopped early (Lambda deadline) names the reason once and every resource left as it was', async () => {
    const stop = new AbortController()
    stop.abort(new ExportError('The Lambda function is about to time out.'))
    const error = await h.failure({ resources: 'projects clients' }, { ...FAST, stop: stop.signal })
    expect(error.message).toBe(
      'The Lambda function is about to time out.\n2 resources were not refreshed (clients, projects); their stored objects are untouched.'
    )
    expect(await h.s3.snapshot()).toEqual(new Map())
    expect(h.harvest.stats.requests).toBe(0)
  })
})
