import { DirStore } from '../../../src/store/dir-store.js'
import { PreconditionFailedError } from '../../../src/store/store.js'
import { LateEdits } from '../../../src/late-edits/late-edits.js'
import type { LateEditsSettings } from '../../../src/late-edits/late-edits.js'
import { parseState } from '../../../src/state/parse-state.js'
import { serializeState, stateKey, type SyncState } from '../../../src/state/sync-state.js'
import { emptyRecords } from '../../../src/state/embedded.js'
import type { DaysRead } from '../../../src/harvest/types.js'
import { Digests } from '../../../src/util/hash.js'
import { FakeReads, entry } from '../../support/sweep-reads.js'
import { removeDir, tempDir } from '../../support/harness.js'

const WINDOW = { from: '2024-12-31', to: '2025-03-31' }
const KEY = stateKey('harvest/')
const log = { info: () => {}, warn: () => {} }

function settings(overrides: Partial<LateEditsSettings> = {}): LateEditsSettings {
  return {
    mode: 'sync',
    prefix: 'harvest/',
    accountId: '123456',
    shape: { layout: 'flat', format: 'json' },
    backfill: false,
    dryRun: false,
    allowEmpty: false,
    concurrency: 2,
    ...overrides
  }
}

function archiveState(days: Record<string, number>): SyncState {
  return {
    version: 1,
    account_id: '123456',
    archive_from: '2024-06-01',
    synced_at: '2025-03-30T15:00:00Z',
    days,
    records: emptyRecords()
  }
}

describe('late edits for one run', () => {
  let dir: string
  let store: DirStore
  let puts: Array<{ etag: string | null }>
  const ports = (
    reads: FakeReads,
    acceptMonth: (read: DaysRead) => Promise<void> = () => Promise.resolve()
  ) => ({
    store,
    reads,
    log,
    acceptMonth,
    writeState: async (body: Buffer, etag: string | null) => {
      puts.push({ etag })
      try {
        await store.put(KEY, body, {
          contentType: 'application/json',
          sha256: new Digests(body).sha256Hex,
          md5: new Digests(body).md5Base64,
          ifMatch: etag ?? undefined,
          ifNoneMatch: etag === null
        })
        return true
      } catch (error) {
        if (error instanceof PreconditionFailedError) return false
        throw error
      }
    }
  })

  beforeEach(async () => {
    dir = await tempDir()
    store = new DirStore(dir)
    puts = []
  })
  afterEach(() => removeDir(dir))

  async function storeState(state: SyncState): Promise<void> {
    const body = serializeState(state)
    await store.put(KEY, body, {
      contentType: 'application/json',
      sha256: new Digests(body).sha256Hex,
      md5: new Digests(body).md5Base64
    })
  }

  it('refuses a state of another account before anything, naming both ids and the key', async () => {
    await storeState({ ...archiveState({}), account_id: '999' })
    await expect(LateEdits.open(settings(), ports(new FakeReads([])), WINDOW)).rejects.toThrow(
      new RegExp(
        `account 999 \\(recorded in ${KEY.replace('.', '\\.')}\\), but this run reads account 123456`
      )
    )
  })

  it('records a first state without sweeping, and nothing in a dry run', async () => {
    const reads = new FakeReads([entry(1, '2025-01-05')])
    const dry = await LateEdits.open(settings({ dryRun: true }), ports(reads), WINDOW)
    expect(dry.span).toBeUndefined()
    expect(await dry.finish('Mon, 31 Mar 2025 15:00:00 GMT', new Date())).toBe(false)
    expect(await store.get(KEY)).toBeUndefined()

    const late = await LateEdits.open(settings(), ports(reads), WINDOW)
    late.startSurvey()
    late.observe({ from: '2025-01-05', to: '2025-01-06', entries: [entry(1, '2025-01-05')] })
    expect(await late.sweep()).toBeUndefined()
    expect(reads.requests).toEqual([])
    expect(await late.finish('Mon, 31 Mar 2025 15:00:00 GMT', new Date())).toBe(true)
    const state = parseState((await store.get(KEY))!.body.toString(), KEY)
    expect(state).toMatchObject({ archive_from: WINDOW.from, days: { '20250105': 1 } })
    expect(puts).toEqual([{ etag: null }])
  })

  it('refuses a mass delete before the first write, unless allowed', async () => {
    // The store holds 300 entries in 2024; Harvest now shows 10 (a token that lost admin rights).
    await storeState(archiveState({ '20240701': 150, '20240702': 150 }))
    const reads = new FakeReads(Array.from({ length: 10 }, (_, i) => entry(i + 1, '2024-07-01')))
    const late = await LateEdits.open(settings(), ports(reads), WINDOW)
    late.startSurvey()
    late.noteWindowTotal(0)
    await expect(late.guard()).rejects.toThrow(/290 fewer entries .* re-run with allow-empty: true/)

    const months: string[] = []
    const allowed = await LateEdits.open(
      settings({ allowEmpty: true }),
      ports(reads, (read) => Promise.resolve(void months.push(read.from))),
      WINDOW
    )
    allowed.startSurvey()
    await expect(allowed.guard()).resolves.toBeUndefined()
    expect(await allowed.sweep()).toBeUndefined()
    expect(months).toEqual(['2024-07-01'])
  })

  it("holds other objects' writes until the window's count is known or its read ended", async () => {
    await storeState(archiveState({ '20240701': 150, '20240702': 150 }))
    const reads = new FakeReads(Array.from({ length: 10 }, (_, i) => entry(i + 1, '2024-07-01')))
    const late = await LateEdits.open(settings(), ports(reads), WINDOW)
    late.startSurvey()
    let settled = false
    const write = late.beforeOtherWrite().finally(() => {
      settled = true
    })
    await new Promise((resolve) => setImmediate(resolve))
    expect(settled).toBe(false)
    late.noteWindowTotal(0)
    await expect(write).rejects.toThrow(/290 fewer entries/)

    // A window read that ended without a whole-window count (a failure, forced ranges).
    const ended = await LateEdits.open(settings({ allowEmpty: true }), ports(reads), WINDOW)
    ended.startSurvey()
    ended.windowEnded()
    await expect(ended.beforeOtherWrite()).resolves.toBeUndefined()
  })

  it('keeps the state when the sweep fails, naming the months', async () => {
    await storeState(archiveState({ '20240701': 1 }))
    const reads = new FakeReads([entry(1, '2024-07-01', '2025-03-31T10:00:00Z')])
    reads.failMonth = '2024-07'
    const late = await LateEdits.open(settings(), ports(reads), WINDOW)
    late.startSurvey()
    await late.guard()
    const failure = await late.sweep()
    expect(failure?.message).toMatch(/the months 2024-07 before the window were not refreshed/)
  })

  it('rewrites the state conditionally, building on a state another run wrote meanwhile', async () => {
    await storeState(archiveState({ '20240701': 1 }))
    const reads = new FakeReads([
      entry(1, '2024-07-01'),
      entry(2, '2024-07-02', '2025-03-31T10:00:00Z')
    ])
    const late = await LateEdits.open(settings(), ports(reads), WINDOW)
    late.startSurvey()
    await late.guard()
    expect(await late.sweep()).toBeUndefined()
    // Another run records a backfill of May in the meantime.
    await storeState({
      ...archiveState({ '20240701': 1, '20240510': 4 }),
      archive_from: '2024-05-01'
    })
    expect(await late.finish('Mon, 31 Mar 2025 15:00:00 GMT', new Date())).toBe(true)
    expect(puts).toHaveLength(2)
    const state = parseState((await store.get(KEY))!.body.toString(), KEY)
    expect(state.days).toEqual({ '20240510': 4, '20240701': 1, '20240702': 1 })
    expect(state.archive_from).toBe('2024-05-01')
    // The other run's synced_at stays: this run's sweep saw nothing of what it wrote.
    expect(state.synced_at).toBe('2025-03-30T15:00:00Z')
  })
})
