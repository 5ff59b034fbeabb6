import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { VerifyConfig } from '../../../src/config/config.js'
import type { InputName, RawSettings } from '../../../src/config/inputs.js'
import { parseConfig } from '../../../src/config/parse.js'
import { serializeEntries, sortEntries } from '../../../src/export/serialize.js'
import type { TimeEntry } from '../../../src/harvest/types.js'
import { verifyFromConfig, type VerifyResult } from '../../../src/run-verify.js'
import { encodeTimeEntryTable } from '../../support/time-entry-table.js'
import { sha256Hex } from '../../../src/util/hash.js'
import type { Repair } from '../../../src/verify/repairs.js'
import { FAST, Harness, NOW, removeDir } from '../../support/harness.js'
import { parseJson } from '../../support/json.js'
import { startHarnessAndDir, stopHarnessAndDir, storeSettings } from '../../support/store-kinds.js'

/** The archive every test starts from: one backfill of five months. */
const ARCHIVE = { from: '2024-11-01', to: '2025-03-31' }
const STATE = 'harvest/.harvest-s3-export/state.json'

describe('verify against the simulator and s3rver', () => {
  let h: Harness
  let files: Map<string, string>
  /** The bucket after the backfill, built once: each test starts on its own copy. */
  let archive: string

  beforeAll(async () => {
    const built = await new Harness().start()
    await built.run({ ...ARCHIVE, 'late-edits': 'ignore' })
    files = await built.s3.snapshot('harvest/', true)
    archive = await built.s3.copyStore()
    await built.stop()
  })

  afterAll(async () => {
    await removeDir(archive)
  })

  beforeEach(async () => {
    h = await new Harness().start({}, archive)
    h.s3.resetCounts()
    h.harvest.resetStats()
  })

  afterEach(async () => {
    await h.stop()
  })

  const verifyConfig = (values: Partial<Record<InputName, string>> = {}): VerifyConfig => {
    const raw: RawSettings = {}
    for (const [name, value] of Object.entries(h.settings({ command: 'verify', ...values })))
      raw[name as InputName] = { value, label: `input ${name}` }
    const config = parseConfig(raw, {}, NOW)
    if (config.command !== 'verify') throw new Error('not a verify config')
    return config
  }
  const verify = (values: Partial<Record<InputName, string>> = {}): Promise<VerifyResult> =>
    verifyFromConfig(
      verifyConfig(values),
      { info: () => undefined, warn: () => undefined },
      { credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }, harvest: FAST.harvest }
    )
  const dayKeys = () => [...files.keys()].filter((key) => /^harvest\/\d{8}\.json$/.test(key))
  /** A day file of `month` holding at least `entries` entries. */
  const dayOf = (month: string, entries = 2): { key: string; entries: TimeEntry[] } => {
    const key = dayKeys().find(
      (candidate) =>
        candidate.startsWith(`harvest/${month.replace('-', '')}`) &&
        parseJson<TimeEntry[]>(files.get(candidate)!).length >= entries
    )!
    return { key, entries: parseJson<TimeEntry[]>(files.get(key)!) }
  }
  /** Replaces an object's bytes as another tool would: no sha256 metadata unless given. */
  const put = (key: string, body: Buffer | string, sha256?: string) =>
    h.s3.client.send(
      new PutObjectCommand({
        Bucket: h.s3.bucket,
        Key: key,
        Body: body,
        ...(sha256 && { Metadata: { sha256 } })
      })
    )
  const backfills = (result: VerifyResult) =>
    result.repairs.filter(
      (repair): repair is Extract<Repair, { kind: 'backfill' }> => repair.kind === 'backfill'
    )
  /** Runs every backfill the report gives, then verifies again. */
  const repairAndVerify = async (result: VerifyResult): Promise<VerifyResult> => {
    expect(backfills(result).length).toBeGreaterThan(0)
    for (const { from, to, tables } of backfills(result))
      await h.run({ from, to, 'late-edits': 'ignore', ...(tables && { tables: 'parquet' }) })
    return verify()
  }
  const kinds = (result: VerifyResult) => result.problems.map((p) => `${p.kind} ${p.key}`)

  it('finds a whole archive whole: every day file read once, one LIST, counts per year', async () => {
    const result = await verify()
    const entries = h.harvest.entries.filter(
      (e) => e.spent_date >= ARCHIVE.from && e.spent_date <= ARCHIVE.to
    ).length
    expect(result.problems).toEqual([])
    expect(result.repairs).toEqual([])
    expect(result.daysChecked).toBe(dayKeys().length)
    expect(result.entries).toBe(entries)
    expect(result.from).toBe(ARCHIVE.from)
    expect(h.s3.count('list')).toBe(1)
    expect(h.s3.count('get')).toBe(dayKeys().length)
    expect(h.s3.stateCount('get')).toBe(1)
    expect(h.s3.count('put') + h.s3.stateCount('put')).toBe(0)
    // 2024 and 2025 agree: one count probe each, no month probed.
    expect(result.harvestRequests).toBe(2)
    expect(h.harvest.requestLog.every((r) => r.url.includes('per_page=1'))).toBe(true)
  })

  it('reports a truncated day file as not valid JSON, and the backfill of its month repairs it', async () => {
    const { key } = dayOf('2024-12')
    await put(key, files.get(key)!.slice(0, 60))
    const result = await verify()
    expect(result.problems).toEqual([{ kind: 'unreadable', key, detail: 'not valid JSON' }])
    expect(backfills(result)).toEqual([{ kind: 'backfill', from: '2024-12-01', to: '2024-12-31' }])
    expect((await repairAndVerify(result)).problems).toEqual([])
  })

  it('reports a file edited by hand by its SHA-256 metadata', async () => {
    const { key, entries } = dayOf('2025-01')
    entries[0] = { ...entries[0], notes: 'edited by hand' }
    await put(key, serializeEntries(entries, 'json'), sha256Hex(Buffer.from(files.get(key)!)))
    const result = await verify()
    expect(result.problems).toEqual([
      { kind: 'sha256', key, detail: 'sha256 metadata differs: changed outside harvest-s3-export' }
    ])
    expect(backfills(result)).toEqual([{ kind: 'backfill', from: '2025-01-01', to: '2025-01-31' }])
    expect((await repairAndVerify(result)).problems).toEqual([])
  })

  it('reports an entry of another day with both months in the repair', async () => {
    const { key, entries } = dayOf('2024-11')
    const last = entries[entries.length - 1]
    entries[entries.length - 1] = { ...last, spent_date: '2024-12-02' }
    await put(key, serializeEntries(entries, 'json'))
    const result = await verify()
    expect(result.problems).toContainEqual({
      kind: 'wrong-day',
      key,
      detail: `entry ${last.id} belongs to 2024-12-02`
    })
    expect(backfills(result)).toEqual([{ kind: 'backfill', from: '2024-11-01', to: '2024-12-31' }])
    expect((await repairAndVerify(result)).problems).toEqual([])
  })

  it('reports an unsorted day file', async () => {
    const { key, entries } = dayOf('2025-02')
    await put(key, serializeEntries([...entries].reverse(), 'json'))
    const result = await verify()
    expect(result.problems).toEqual([{ kind: 'not-sorted', key, detail: 'not sorted' }])
    expect((await repairAndVerify(result)).problems).toEqual([])
  })

  it('reports an id held by two day files, naming the other file', async () => {
    const first = dayOf('2024-11')
    const second = dayOf('2025-03')
    const copy = { ...first.entries[0], spent_date: second.entries[0].spent_date }
    await put(second.key, serializeEntries(sortEntries([...second.entries, copy]), 'json'))
    const result = await verify()
    expect(result.problems).toContainEqual({
      kind: 'duplicate-id',
      key: second.key,
      detail: `duplicate id ${copy.id} also in ${first.key.slice('harvest/'.length)}`
    })
    expect(backfills(result).map((r) => [r.from, r.to])).toEqual([
      ['2024-11-01', '2024-11-30'],
      ['2025-03-01', expect.any(String)]
    ])
    expect((await repairAndVerify(result)).problems).toEqual([])
  })

  it('reports a state count that differs from its file', async () => {
    const { key, entries } = dayOf('2025-01')
    const state = parseJson<{ days: Record<string, number> }>(files.get(STATE)!)
    const day = key.slice('harvest/'.length, 'harvest/'.length + 8)
    state.days[day] = entries.length + 1
    await put(STATE, JSON.stringify(state, null, 2) + '\n')
    const result = await verify()
    expect(result.problems).toEqual([
      {
        kind: 'state-count',
        key,
        detail: `state says ${entries.length + 1} entries, file holds ${entries.length}`
      }
    ])
    expect((await repairAndVerify(result)).problems).toEqual([])
  })

  it('reports a month where Harvest holds one more entry than the archive', async () => {
    const added = h.harvest.add({ spent_date: '2024-11-20' })
    const before = h.harvest.entries.filter((e) => e.spent_date.startsWith('2024-11')).length
    const result = await verify()
    expect(result.problems).toEqual([
      {
        kind: 'harvest-count',
        key: '2024-11',
        detail: `Harvest has ${before} entries in 2024-11, the archive ${before - 1}`
      }
    ])
    expect(backfills(result)).toEqual([{ kind: 'backfill', from: '2024-11-01', to: '2024-11-30' }])
    // One probe per year, one per month of the year that differs.
    expect(result.harvestRequests).toBe(2 + 2)
    expect((await repairAndVerify(result)).problems).toEqual([])
    expect((await h.s3.getText('harvest/20241120.json')) ?? '').toContain(`"id": ${added.id}`)
  })

  it('reports a missing day file the state counts', async () => {
    const { key, entries } = dayOf('2025-02')
    await h.s3.client.send(new DeleteObjectCommand({ Bucket: h.s3.bucket, Key: key }))
    const result = await verify()
    expect(result.problems).toContainEqual({
      kind: 'missing-day',
      key,
      detail: `state says ${entries.length} entries, no day file`
    })
    expect(kinds(result)).toContain('harvest-count 2025-02')
    expect(backfills(result)).toEqual([{ kind: 'backfill', from: '2025-02-01', to: '2025-02-28' }])
    expect((await repairAndVerify(result)).problems).toEqual([])
  })

  it('asks to restore from S3 versioning a damaged file whose month Harvest no longer has', async () => {
    const { key } = dayOf('2024-12')
    await put(key, 'not json')
    h.harvest.removeWhere((entry) => entry.spent_date.startsWith('2024-12'))
    const result = await verify()
    expect(kinds(result)).toEqual([`unreadable ${key}`, 'harvest-count 2024-12'])
    expect(result.repairs).toEqual([{ kind: 'restore', keys: [key] }])
  })

  it('checks the month tables and the resource objects it finds under the prefix', async () => {
    await h.run({ ...ARCHIVE, 'late-edits': 'ignore', resources: 'time_entries,projects' })
    const january = sortEntries(h.harvest.entries.filter((e) => e.spent_date.startsWith('2025-01')))
    const table = 'harvest/tables/time_entries/spent_month=2025-01/time_entries.parquet'
    await put(table, encodeTimeEntryTable(january))
    expect((await verify()).problems).toEqual([])
    await put(table, encodeTimeEntryTable(january.slice(1)))
    const projects = parseJson<Array<{ id: number }>>(
      (await h.s3.getText('harvest/projects.json'))!
    )
    await put('harvest/projects.json', JSON.stringify([...projects].reverse(), null, 2) + '\n')
    const result = await verify()
    expect(result.problems).toEqual([
      {
        kind: 'table',
        key: table,
        detail: `table has ${january.length - 1} rows, the day files of 2025-01 ${january.length}`
      },
      { kind: 'resource', key: 'harvest/projects.json', detail: 'not sorted by id' }
    ])
    // The archive keeps tables, so its backfill runs with them.
    expect(result.repairs).toEqual([
      { kind: 'backfill', from: '2025-01-01', to: '2025-01-31', tables: true },
      { kind: 'export', resources: ['projects'] }
    ])
  })

  it('finds a canonical hand edit without SHA-256 metadata by the ETag the state recorded', async () => {
    const { key, entries } = dayOf('2025-03')
    const edited = entries.map((entry, index) =>
      index === 0 ? { ...entry, hours: (entry.hours ?? 0) + 7 } : entry
    )
    await put(key, serializeEntries(edited, 'json'))
    const result = await verify()
    expect(result.problems).toEqual([
      {
        kind: 'sha256',
        key,
        detail:
          'ETag differs from the one harvest-s3-export recorded: changed outside harvest-s3-export'
      }
    ])
    expect((await repairAndVerify(result)).problems).toEqual([])
  })

  it('reports a damaged or deleted table of an archive kept with tables; the backfill with tables repairs both', async () => {
    await h.run({ ...ARCHIVE, 'late-edits': 'ignore', tables: 'parquet' })
    const table = (month: string) =>
      `harvest/tables/time_entries/spent_month=${month}/time_entries.parquet`
    await put(table('2025-01'), 'not parquet')
    await h.s3.client.send(new DeleteObjectCommand({ Bucket: h.s3.bucket, Key: table('2025-02') }))
    const result = await verify()
    expect(kinds(result)).toEqual([`table ${table('2025-01')}`, `table ${table('2025-02')}`])
    expect(backfills(result)).toEqual([
      { kind: 'backfill', from: '2025-01-01', to: '2025-02-28', tables: true }
    ])
    expect((await repairAndVerify(result)).problems).toEqual([])
  })

  it('refuses another account’s archive and an empty prefix before reading any day file', async () => {
    await expect(verify({ 'harvest-account-id': '999' })).rejects.toThrow(
      /belongs to Harvest account 123456 .* not 999/
    )
    await expect(verify({ 's3-prefix': 'nothing/' })).rejects.toThrow(/No archive under/)
    await expect(verify({ format: 'ndjson' })).rejects.toThrow(/is flat\/json/)
    expect(h.s3.count('get')).toBe(0)
    expect(h.harvest.stats.requests).toBe(0)
  })
})

describe('verify against the directory store', () => {
  let h: Harness
  let dir: string

  beforeEach(async () => ({ h, dir } = await startHarnessAndDir()))
  afterEach(() => stopHarnessAndDir({ h, dir }))

  it('finds the archive whole, then an unsorted file, which the backfill repairs', async () => {
    const local = storeSettings('dir', dir)
    await h.run({ ...local, ...ARCHIVE, 'late-edits': 'ignore' })
    const raw: RawSettings = {}
    for (const [name, value] of Object.entries(h.settings({ ...local, command: 'verify' })))
      raw[name as InputName] = { value, label: `input ${name}` }
    const config = parseConfig(raw, {}, NOW) as VerifyConfig
    const verify = () =>
      verifyFromConfig(config, { info: () => undefined, warn: () => undefined }, FAST)
    const whole = await verify()
    expect(whole.problems).toEqual([])
    expect(whole.daysChecked).toBeGreaterThan(100)
    const key = 'harvest/20250115.json'
    const path = join(dir, key)
    const entries = h.harvest.entries.filter((e) => e.spent_date === '2025-01-15')
    expect(entries.length).toBeGreaterThan(1)
    await writeFile(path, serializeEntries(sortEntries([...entries]).reverse(), 'json'))
    const damaged = await verify()
    expect(damaged.problems).toEqual([{ kind: 'not-sorted', key, detail: 'not sorted' }])
    const [repair] = damaged.repairs as Array<Extract<Repair, { kind: 'backfill' }>>
    await h.run({ ...local, from: repair.from, to: repair.to, 'late-edits': 'ignore' })
    expect((await verify()).problems).toEqual([])
  })
})
