import { LocalS3 } from '../../../sandbox/local-s3.js'
import { SafetyError } from '../../../src/errors.js'
import { RESOURCE_CATALOG } from '../../../src/resources/catalog.js'
import type { HarvestRecord, ResourceContent } from '../../../src/resources/records.js'
import { writeResource, type ResourceWriteContext } from '../../../src/resources/sync-resource.js'
import { DirStore } from '../../../src/store/dir-store.js'
import { S3Store } from '../../../src/store/s3-store.js'
import { ObjectWriter } from '../../../src/export/writer.js'
import { readTree, removeDir, tempDir } from '../../support/harness.js'

const { clients, company } = RESOURCE_CATALOG
const client = (id: number, name = `Client ${id}`): HarvestRecord => ({
  id,
  name,
  is_active: true,
  address: null,
  currency: 'EUR'
})
const list = (...records: HarvestRecord[]): ResourceContent => ({ kind: 'list', records })
/** What the object must hold, computed here: sorted by id, day-file serialization. */
const expected = (...records: HarvestRecord[]): string =>
  JSON.stringify(
    [...records].sort((a, b) => a.id - b.id),
    null,
    2
  ) + '\n'

describe('writeResource over s3rver', () => {
  let s3: LocalS3
  let writer: ObjectWriter
  const store = () =>
    new S3Store({
      bucket: s3.bucket,
      region: 'us-east-1',
      endpoint: s3.endpoint,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }
    })
  const context = (overrides: Partial<ResourceWriteContext> = {}): ResourceWriteContext => ({
    writer,
    scheme: { prefix: 'harvest/', layout: 'flat', format: 'json' },
    today: '2025-03-31',
    time: '150000',
    allowEmpty: false,
    changes: false,
    log: { info: () => undefined, warn: () => undefined },
    ...overrides
  })
  const dryRun = () => new ObjectWriter(store(), true, 4)

  beforeAll(async () => {
    s3 = await new LocalS3().start()
  })
  afterAll(async () => s3?.stop())
  beforeEach(() => {
    writer = new ObjectWriter(store(), false, 4)
    s3.resetCounts()
  })

  it('writes once, then skips unchanged bytes with no GET and no PUT', async () => {
    const records = [client(7), client(3, 'Ärger & Söhne "Ltd"')]
    // Sorting is the caller's job (the run sorts what it fetched); sorted here as the run does.
    const sorted = [...records].sort((a, b) => a.id - b.id)
    const first = await writeResource(context(), clients, list(...sorted))
    expect(first).toMatchObject({ status: 'written', added: 2, updated: 0, deleted: 0, records: 2 })
    expect(await s3.getText('harvest/clients.json')).toBe(expected(...records))
    s3.resetCounts()
    const again = await writeResource(context(), clients, list(...sorted))
    expect(again).toMatchObject({ status: 'unchanged', added: 0 })
    expect([s3.count('put'), s3.count('get')]).toEqual([0, 0])
    expect(writer.written).toEqual(['harvest/clients.json'])
  })

  it('counts an edit and a delete, logs them when asked, and a dry run writes nothing', async () => {
    const ctx = context({ scheme: { prefix: 'log/', layout: 'flat', format: 'json' } })
    await writeResource(ctx, clients, list(client(1), client(2)))
    const dryWriter = dryRun()
    const dry = await writeResource(
      { ...ctx, writer: dryWriter, changes: true },
      clients,
      list(client(1, 'New'))
    )
    expect(dry).toMatchObject({ status: 'written', updated: 1, deleted: 1 })
    expect(await s3.getText('log/clients.json')).toBe(expected(client(1), client(2)))
    expect(await s3.snapshot('log/changes/')).toEqual(new Map())
    expect(dryWriter.written).toContain('log/changes/clients/deleted/20250331-deleted-150000.json')

    const report = await writeResource({ ...ctx, changes: true }, clients, list(client(1, 'New')))
    expect(report).toMatchObject({ status: 'written', added: 0, updated: 1, deleted: 1 })
    expect(await s3.getText('log/changes/clients/updated/20250331-updated-150000.json')).toBe(
      JSON.stringify([client(1, 'New')], null, 2) + '\n'
    )
    expect(await s3.getText('log/changes/clients/deleted/20250331-deleted-150000.json')).toBe(
      JSON.stringify([client(2)], null, 2) + '\n'
    )
    expect(await s3.getText('log/changes/clients/new/20250331-new-150000.json')).toBeUndefined()
  })

  it('refuses an empty list over stored records unless allow-empty', async () => {
    const ctx = context({ scheme: { prefix: 'empty/', layout: 'flat', format: 'ndjson' } })
    await writeResource(ctx, clients, list(client(1)))
    await expect(writeResource(ctx, clients, list())).rejects.toBeInstanceOf(SafetyError)
    expect(await s3.getText('empty/clients.ndjson')).toBe(JSON.stringify(client(1)) + '\n')
    const allowed = await writeResource({ ...ctx, allowEmpty: true }, clients, list())
    expect(allowed).toMatchObject({ status: 'written', deleted: 1 })
    expect(await s3.getText('empty/clients.ndjson')).toBe('')
  })

  it('compares a new day of the snapshot layout with the newest earlier snapshot', async () => {
    const scheme = { prefix: 'snap/', layout: 'snapshot' as const, format: 'json' as const }
    await writeResource(context({ scheme, today: '2025-03-29' }), clients, list(client(1)))
    const report = await writeResource(
      context({ scheme, today: '2025-03-31' }),
      clients,
      list(client(1), client(2))
    )
    expect(report).toMatchObject({ key: 'snap/clients/20250331.json', added: 1, updated: 0 })
    await expect(
      writeResource(context({ scheme, today: '2025-04-01' }), clients, list())
    ).rejects.toThrow(/holds 2 records/)
  })
})

describe('writeResource over the directory store', () => {
  it('writes the company as one object in hive layout, and rewrites it only when it changes', async () => {
    const dir = await tempDir()
    try {
      const ctx: ResourceWriteContext = {
        writer: new ObjectWriter(new DirStore(dir), false, 4),
        scheme: { prefix: 'h/', layout: 'hive', format: 'json' },
        today: '2025-03-31',
        time: '090000',
        allowEmpty: false,
        changes: false,
        log: { info: () => undefined, warn: () => undefined }
      }
      const object = { name: 'Acme Ünicode', week_start_day: 'Monday', decimal_symbol: '.' }
      expect(await writeResource(ctx, company, { kind: 'single', object })).toMatchObject({
        status: 'written',
        added: 1
      })
      expect((await readTree(dir)).get('h/company/company.json')).toBe(
        JSON.stringify(object, null, 2) + '\n'
      )
      const renamed = { ...object, name: 'Acme' }
      expect(await writeResource(ctx, company, { kind: 'single', object: renamed })).toMatchObject({
        status: 'written',
        added: 0,
        updated: 1
      })
      expect(await writeResource(ctx, company, { kind: 'single', object: renamed })).toMatchObject({
        status: 'unchanged'
      })
    } finally {
      await removeDir(dir)
    }
  })
})
