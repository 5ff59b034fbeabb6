import type { TimeEntry } from '../../src/harvest/types.js'
import {
  FAST,
  Harness,
  NOW,
  WINDOW,
  expectedDayFiles,
  fileIdentities,
  filesWritten,
  readTree
} from '../support/harness.js'
import {
  startHarnessAndDir,
  stopHarnessAndDir,
  storeSettings,
  type StoreKind
} from '../support/store-kinds.js'
import { parseJson } from '../support/json.js'

/** Runs the same checks against S3 and against the local directory store. */
describe.each<StoreKind>(['s3', 'dir'])('layouts and formats (%s store)', (kind) => {
  let h: Harness
  let dir: string

  beforeEach(async () => ({ h, dir } = await startHarnessAndDir()))
  afterEach(() => stopHarnessAndDir({ h, dir }))

  const settings = (values: Record<string, string> = {}) => storeSettings(kind, dir, values)
  const run = (values: Record<string, string> = {}, now = NOW) =>
    h.run(settings(values), { ...FAST, now })
  const stored = async (): Promise<Map<string, string>> =>
    kind === 's3' ? h.s3.snapshot() : readTree(dir)
  const inWindow = (entries: TimeEntry[], from = WINDOW.from, to = WINDOW.to) =>
    entries.filter((entry) => entry.spent_date >= from && entry.spent_date <= to)
  // Writes since the last `countFromHere()`: PUTs for S3, files given a new inode for a directory.
  let identities = new Map<string, string>()
  const countFromHere = async (): Promise<void> => {
    if (kind === 's3') h.s3.resetCounts()
    else identities = await fileIdentities(dir)
  }
  const writes = async (): Promise<number> =>
    kind === 's3' ? h.s3.count('put') : filesWritten(identities, await fileIdentities(dir)).length

  it('hive layout: spent_date=YYYY-MM-DD/time_entries.json with the same bytes as flat', async () => {
    await run({ layout: 'hive' })
    const files = await stored()
    const flat = expectedDayFiles(h.harvest.entries, WINDOW.from, WINDOW.to)
    const expected = new Map(
      [...flat].map(([key, body]) => {
        const date = key.slice('harvest/'.length, 'harvest/'.length + 8)
        return [
          `harvest/spent_date=${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6)}/time_entries.json`,
          body
        ]
      })
    )
    expect(files).toEqual(expected)
    await countFromHere()
    expect(await run({ layout: 'hive' })).toMatchObject({ daysWritten: 0 })
    expect(await writes()).toBe(0)
  })

  it('ndjson: one JSON.stringify(entry) per line that parses back to the same entries', async () => {
    await run({ format: 'ndjson', layout: 'hive' })
    const files = await stored()
    const flat = expectedDayFiles(h.harvest.entries, WINDOW.from, WINDOW.to)
    expect(files.size).toBe(flat.size)
    for (const [key, body] of files) {
      expect(key).toMatch(/^harvest\/spent_date=\d{4}-\d\d-\d\d\/time_entries\.ndjson$/)
      expect(body.endsWith('\n')).toBe(true)
      const entries = body
        .trimEnd()
        .split('\n')
        .map((line) => parseJson<unknown>(line))
      const date = key
        .match(/spent_date=(\d{4})-(\d\d)-(\d\d)/)!
        .slice(1)
        .join('')
      expect(entries).toEqual(parseJson<unknown>(flat.get(`harvest/${date}.json`)!))
      expect(body).toBe(entries.map((entry) => JSON.stringify(entry) + '\n').join(''))
    }
    if (kind === 's3') {
      const put = h.s3.requests.find((request) => request.kind === 'put')!
      expect(put.headers['content-type']).toBe('application/x-ndjson')
    }
  })

  it('latest-key holds the concatenation of the window days, rewritten only when it changes', async () => {
    await run({ 'latest-key': 'harvest-data.json' })
    const files = await stored()
    const days = [...expectedDayFiles(h.harvest.entries, WINDOW.from, WINDOW.to).values()].flatMap(
      (body) => parseJson<TimeEntry[]>(body)
    )
    expect(files.get('harvest/harvest-data.json')).toBe(JSON.stringify(days, null, 2) + '\n')
    await countFromHere()
    await run({ 'latest-key': 'harvest-data.json' })
    expect(await writes()).toBe(0)
    h.harvest.update(inWindow(h.harvest.entries)[0].id, { notes: 'changed' })
    await run({ 'latest-key': 'harvest-data.json' })
    expect(await writes()).toBe(2) // the day and the rolling file
  })

  it('snapshot layout: one object per run date holding the window; same-day rerun writes nothing', async () => {
    const first = await run({ layout: 'snapshot' })
    const files = await stored()
    expect([...files.keys()]).toEqual(['harvest/20250331.json'])
    const sorted = [
      ...expectedDayFiles(h.harvest.entries, WINDOW.from, WINDOW.to).values()
    ].flatMap((body) => parseJson<TimeEntry[]>(body))
    expect(files.get('harvest/20250331.json')).toBe(JSON.stringify(sorted, null, 2) + '\n')
    expect(first.added).toBe(inWindow(h.harvest.entries).length)

    await countFromHere()
    const rerun = await run({ layout: 'snapshot' })
    expect(rerun).toMatchObject({ daysWritten: 0, added: 0, updated: 0, deleted: 0 })
    expect(await writes()).toBe(0)

    const nextDay = new Date(NOW.getTime() + 86_400_000)
    const next = await run({ layout: 'snapshot' }, nextDay)
    expect([...(await stored()).keys()].sort()).toEqual([
      'harvest/20250331.json',
      'harvest/20250401.json'
    ])
    expect(await writes()).toBe(1)
    // Compared with yesterday's snapshot: the day that left the window is not "deleted".
    expect(next.deleted).toBe(0)
    expect(next.added).toBe(inWindow(h.harvest.entries, '2025-04-01', '2025-04-01').length)
  })

  it('changes: true writes the change log of an add/edit/delete/move run, computed against the store', async () => {
    await run({ changes: 'true' })
    // A fresh export: everything is new.
    let files = await stored()
    const firstNew = parseJson<TimeEntry[]>(
      files.get('harvest/changes/new/20250331-new-150000.json')!
    )
    expect(firstNew).toHaveLength(inWindow(h.harvest.entries).length)
    expect(files.has('harvest/changes/updated/20250331-updated-150000.json')).toBe(false)

    const [edited, deleted, moved] = inWindow(h.harvest.entries).slice(5, 8)
    const deletedBefore = structuredClone(deleted)
    const editedAfter = h.harvest.update(edited.id, { notes: 'edited' })
    h.harvest.remove(deleted.id)
    const movedAfter = h.harvest.move(moved.id, '2025-03-30')
    const added = h.harvest.add({ spent_date: '2025-03-29', created_at: '2025-03-29T08:00:00Z' })
    const later = new Date(NOW.getTime() + 3_600_000)
    const summary = await run({ changes: 'true' }, later)
    expect(summary).toMatchObject({ added: 1, updated: 2, deleted: 1 })
    files = await stored()
    const log = (type: string) =>
      parseJson<TimeEntry[]>(files.get(`harvest/changes/${type}/20250331-${type}-160000.json`)!)
    expect(log('new')).toEqual([added])
    expect(
      log('updated')
        .map((entry) => entry.id)
        .sort()
    ).toEqual([editedAfter.id, movedAfter.id].sort())
    expect(log('updated').find((entry) => entry.id === movedAfter.id)!.spent_date).toBe(
      '2025-03-30'
    )
    expect(log('deleted')).toEqual([deletedBefore])
  })
})
