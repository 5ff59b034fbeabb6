import { isStateKey } from '../../sandbox/local-s3.js'
import { Harness, WINDOW, clone, expectedDayFiles } from '../support/harness.js'
import { parseJson } from '../support/json.js'

describe('export to S3 (Harvest simulator over HTTP, s3rver)', () => {
  let h: Harness

  beforeEach(async () => {
    h = await new Harness().start()
  })

  afterEach(async () => {
    await h.stop()
  })

  it('writes one byte-exact file per spent date on a fresh export', async () => {
    const summary = await h.run()
    const expected = expectedDayFiles(h.harvest.entries, WINDOW.from, WINDOW.to)
    const stored = await h.s3.snapshot()
    expect(stored).toEqual(expected)
    expect(summary).toMatchObject({
      windowFrom: WINDOW.from,
      windowTo: WINDOW.to,
      daysWritten: expected.size,
      daysUnchanged: 91 - expected.size,
      daysEmptied: 0,
      updated: 0,
      deleted: 0
    })
    const inWindow = h.harvest.entries.filter(
      (entry) => entry.spent_date >= WINDOW.from && entry.spent_date <= WINDOW.to
    )
    expect(summary.entries).toBe(inWindow.length)
    expect(summary.added).toBe(inWindow.length)
    expect(h.s3.count('put')).toBe(expected.size)
    // Every PUT carries the body's SHA-256 and a content type.
    const put = h.s3.requests.find((request) => request.kind === 'put')!
    expect(put.headers['x-amz-meta-sha256']).toMatch(/^[0-9a-f]{64}$/)
    expect(put.headers['content-type']).toBe('application/json')
    expect(put.headers['if-none-match']).toBe('*')
  })

  it('makes zero PUTs and zero GETs when nothing changed', async () => {
    await h.run()
    const before = await h.s3.snapshot()
    h.s3.resetCounts()
    const summary = await h.run()
    expect(h.s3.count('put')).toBe(0)
    expect(h.s3.count('get')).toBe(0)
    expect(h.s3.count('head')).toBe(0)
    expect(h.s3.count('list')).toBe(1)
    expect(summary).toMatchObject({
      daysWritten: 0,
      daysUnchanged: 91,
      added: 0,
      updated: 0,
      deleted: 0
    })
    expect(await h.s3.snapshot()).toEqual(before)
  })

  it('reconciles added, edited, deleted, moved entries and emptied days exactly', async () => {
    await h.run()
    const inWindow = h.harvest.entries.filter(
      (entry) => entry.spent_date >= '2025-02-01' && entry.spent_date <= '2025-02-28'
    )
    const [edited, deleted, moved] = inWindow
    h.harvest.update(edited.id, { notes: 'edited ✅', hours: 7.25 })
    h.harvest.remove(deleted.id)
    h.harvest.move(moved.id, '2025-03-15')
    const added = h.harvest.add({
      spent_date: '2025-03-20',
      created_at: '2025-03-20T09:00:00Z',
      notes: 'new'
    })
    // Empty one whole day.
    const emptiedDay = [...new Set(h.harvest.entries.map((entry) => entry.spent_date))].find(
      (date) => date >= '2025-01-10' && date <= '2025-01-20'
    )!
    const emptiedCount = h.harvest.entries.filter((entry) => entry.spent_date === emptiedDay).length
    for (const entry of h.harvest.entries.filter((item) => item.spent_date === emptiedDay))
      h.harvest.remove(entry.id)
    h.s3.resetCounts()

    const summary = await h.run()
    const stored = await h.s3.snapshot()
    const expected = expectedDayFiles(h.harvest.entries, WINDOW.from, WINDOW.to)
    expected.set(`harvest/${emptiedDay.replaceAll('-', '')}.json`, '[]\n')
    expect(stored).toEqual(expected)
    expect(summary.added).toBe(1)
    expect(summary.updated).toBe(2) // the edit and the move
    expect(summary.deleted).toBe(1 + emptiedCount)
    expect(summary.daysEmptied).toBe(1)
    expect(
      parseJson<{ id: number }[]>(stored.get('harvest/20250320.json')!).map((entry) => entry.id)
    ).toContain(added.id)
    const changedDays = new Set([
      edited.spent_date,
      deleted.spent_date,
      moved.spent_date,
      '2025-03-15',
      '2025-03-20',
      emptiedDay
    ])
    expect(summary.daysWritten).toBe(changedDays.size)
    expect(h.s3.count('put')).toBe(changedDays.size)
    // Only changed days are read back, to compute the change report.
    expect(h.s3.count('get')).toBe(changedDays.size - 1)
  })

  it('never reads or writes days outside the window', async () => {
    await h.s3.putText('harvest/20241230.json', 'outside, before\n')
    await h.s3.putText('harvest/20250401.json', 'outside, after\n')
    await h.run()
    expect(await h.s3.getText('harvest/20241230.json')).toBe('outside, before\n')
    expect(await h.s3.getText('harvest/20250401.json')).toBe('outside, after\n')
    const touched = h.s3.requests
      .filter((request) => request.kind !== 'list' && !isStateKey(request.key))
      .map((request) => request.key)
    expect(
      touched.every((key) => key >= 'harvest/20241231.json' && key <= 'harvest/20250331.json')
    ).toBe(true)
  })

  it('writes nothing in a dry run but reports what would change', async () => {
    const summary = await h.run({ 'dry-run': 'true' })
    expect(summary.dryRun).toBe(true)
    expect(summary.daysWritten).toBeGreaterThan(0)
    expect(h.s3.count('put')).toBe(0)
    expect((await h.s3.snapshot()).size).toBe(0)
  })

  it('a dry run against a stored archive reports the edits, deletes and move, and changes no byte', async () => {
    const settings = { changes: 'true', 'latest-key': 'harvest-data.json' }
    await h.run(settings)
    const before = await h.s3.snapshot()
    const [edited, deleted, moved] = h.harvest.entries.filter(
      (entry) => entry.spent_date >= '2025-02-01' && entry.spent_date <= '2025-02-28'
    )
    h.harvest.update(edited.id, { notes: 'edited in a dry run' })
    h.harvest.remove(deleted.id)
    h.harvest.move(moved.id, '2025-03-16')
    h.harvest.add({ spent_date: '2025-03-21', created_at: '2025-03-21T09:00:00Z' })
    const changedDays = new Set([
      edited.spent_date,
      deleted.spent_date,
      moved.spent_date,
      '2025-03-16',
      '2025-03-21'
    ])
    h.s3.resetCounts()

    const dry = await h.run({ ...settings, 'dry-run': 'true' })
    expect(dry).toMatchObject({
      dryRun: true,
      added: 1,
      updated: 2, // the edit and the move
      deleted: 1,
      daysWritten: changedDays.size,
      daysEmptied: 0
    })
    expect(h.s3.count('put')).toBe(0)
    expect(await h.s3.snapshot()).toEqual(before)

    // What the dry run reported is what the real run then does.
    const real = await h.run(settings)
    expect({ ...real, dryRun: true, days: undefined, objectsWritten: undefined }).toEqual({
      ...dry,
      days: undefined,
      objectsWritten: undefined
    })
    expect(h.s3.count('put')).toBeGreaterThanOrEqual(changedDays.size)
  })

  it('refuses to empty the window when Harvest suddenly returns nothing, unless allow-empty', async () => {
    await h.run()
    const before = await h.s3.snapshot()
    const all = clone(h.harvest.entries)
    for (const entry of all)
      if (entry.spent_date >= WINDOW.from && entry.spent_date <= WINDOW.to)
        h.harvest.remove(entry.id)
    h.s3.resetCounts()
    const error = await h.failure()
    expect(error.message).toContain('re-run with allow-empty: true.')
    expect(error.message).toContain('check harvest-account-id and harvest-access-token')
    expect(h.s3.count('put')).toBe(0)
    expect(await h.s3.snapshot()).toEqual(before)

    const summary = await h.run({ 'allow-empty': 'true' })
    expect(summary.daysEmptied).toBe(before.size)
    expect([...(await h.s3.snapshot()).values()].every((body) => body === '[]\n')).toBe(true)
  })

  it('does not create files for empty days that never had any', async () => {
    await h.run({ from: '2025-04-10', to: '2025-04-20' })
    const keys = [...(await h.s3.snapshot()).keys()]
    const days = new Set(
      h.harvest.entries
        .filter((e) => e.spent_date >= '2025-04-10' && e.spent_date <= '2025-04-20')
        .map((e) => e.spent_date)
    )
    expect(keys.length).toBe(days.size)
  })
})
