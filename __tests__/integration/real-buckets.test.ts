import { isStateKey } from '../../sandbox/local-s3.js'
import { FAST, Harness, NOW, WINDOW, expectedDayFiles } from '../support/harness.js'

describe('real buckets are not s3rver', () => {
  let h: Harness

  beforeEach(async () => {
    h = await new Harness().start()
  })

  afterEach(async () => {
    await h.stop()
  })

  it('with ETags that are not MD5s (SSE-KMS, multipart), an unchanged rerun reads no bodies and writes nothing', async () => {
    h.s3.opaqueEtags = true
    await h.run()
    const expected = expectedDayFiles(h.harvest.entries, WINDOW.from, WINDOW.to)
    expect(await h.s3.snapshot()).toEqual(expected)
    h.s3.resetCounts()
    const summary = await h.run()
    expect(summary.daysWritten).toBe(0)
    expect(h.s3.count('put')).toBe(0)
    expect(h.s3.count('get')).toBe(0)
    // The state recorded each file's ETag and what it was made from: no HEAD either.
    expect(h.s3.count('head')).toBe(0)

    // Without those records (a state of an older release), one HEAD per stored day settles
    // it through x-amz-meta-sha256.
    const stateKey = 'harvest/.harvest-s3-export/state.json'
    const state = JSON.parse((await h.s3.getText(stateKey))!) as Record<string, unknown>
    expect(Object.keys(state.files as object)).toHaveLength(expected.size)
    delete state.files
    await h.s3.putText(stateKey, JSON.stringify(state))
    h.s3.resetCounts()
    expect(await h.run()).toMatchObject({ daysWritten: 0 })
    expect([h.s3.count('get'), h.s3.count('put')]).toEqual([0, 0])
    expect(h.s3.count('head')).toBe(expected.size)

    // A real change is still found and written.
    const entry = h.harvest.entries.find((item) => item.spent_date === '2025-02-03')!
    h.harvest.update(entry.id, { notes: 'changed in a KMS bucket' })
    h.s3.resetCounts()
    const changed = await h.run()
    expect(changed).toMatchObject({ daysWritten: 1, updated: 1 })
    expect(await h.s3.getText('harvest/20250203.json')).toBe(
      expectedDayFiles(h.harvest.entries, '2025-02-03', '2025-02-03').get('harvest/20250203.json')
    )
  })

  it('sends conditional PUTs and, on 412, re-reads the day and ends correct', async () => {
    await h.run()
    const entry = h.harvest.entries.find((item) => item.spent_date === '2025-02-04')!
    h.harvest.update(entry.id, { notes: 'edited' })
    let refused = 0
    h.s3.interceptor = (request) =>
      request.kind === 'put' && request.key === 'harvest/20250204.json' && refused++ === 0
        ? { status: 412, body: '<Error><Code>PreconditionFailed</Code></Error>' }
        : undefined
    h.s3.resetCounts()
    const summary = await h.run()
    const puts = h.s3.requests.filter(
      (request) => request.kind === 'put' && !isStateKey(request.key)
    )
    expect(puts).toHaveLength(2)
    expect(puts.every((put) => typeof put.headers['if-match'] === 'string')).toBe(true)
    const touched = h.s3.requests
      .filter((request) => request.key === 'harvest/20250204.json')
      .map((request) => request.kind)
    expect(touched).toEqual(['get', 'put', 'head', 'get', 'put'])
    expect(summary).toMatchObject({ daysWritten: 1, updated: 1 })
    expect(await h.s3.snapshot()).toEqual(
      expectedDayFiles(h.harvest.entries, WINDOW.from, WINDOW.to)
    )
  })

  it('a PUT that reached S3 but whose reply was lost is recognised on the retry, not written twice', async () => {
    const dropped: string[] = []
    h.s3.interceptor = (request) => {
      if (request.kind !== 'put' || dropped.length >= 3) return undefined
      dropped.push(request.key)
      return 'reset-after'
    }
    const summary = await h.run({ changes: 'true' })
    const expected = expectedDayFiles(h.harvest.entries, WINDOW.from, WINDOW.to)
    const stored = await h.s3.snapshot()
    const logs = [...stored.keys()].filter((key) => key.startsWith('harvest/changes/'))
    expect(new Map([...stored].filter(([key]) => !logs.includes(key)))).toEqual(expected)
    // Day files only: the run's state object is checked by the late-edits tests.
    const puts = h.s3.requests
      .filter((request) => request.kind === 'put' && !isStateKey(request.key))
      .filter((request) => !request.key.startsWith('harvest/changes/'))
    // A fresh bucket: every PUT is a create, conditional on the key being absent.
    expect(puts.every((put) => put.headers['if-none-match'] === '*')).toBe(true)
    expect(puts.some((put) => put.headers['if-match'] !== undefined)).toBe(false)
    // Each day reached S3 exactly once; the retries of the lost replies were refused (412).
    const landed = (key: string) => puts.filter((put) => put.key === key && put.status === 200)
    for (const key of expected.keys()) expect(landed(key)).toHaveLength(1)
    expect(dropped).toHaveLength(3)
    for (const key of dropped)
      expect(puts.filter((put) => put.key === key).map((put) => put.status)).toEqual([200, 412])
    expect(puts.filter((put) => put.status === 200)).toHaveLength(expected.size)

    // The days whose reply was lost were written by this run: reported as a fault-free run
    // reports them, their entries in the change log as new.
    h.s3.interceptor = undefined
    const clean = await h.run({ changes: 'true', 's3-prefix': 'clean/' })
    expect(clean.daysWritten).toBe(expected.size)
    expect(summary.daysWritten).toBe(clean.daysWritten)
    expect(summary.added).toBe(clean.added)
    for (const key of dropped) expect(summary.objectsWritten).toContain(key)
    expect(logs).toHaveLength(1)
    expect(logs[0]).toMatch(/^harvest\/changes\/new\//)
    const inWindow = h.harvest.entries.filter(
      (entry) => entry.spent_date >= WINDOW.from && entry.spent_date <= WINDOW.to
    )
    const logged = JSON.parse(stored.get(logs[0])!) as Array<{ id: number }>
    expect(logged.map((entry) => entry.id).sort((a, b) => a - b)).toEqual(
      inWindow.map((entry) => entry.id).sort((a, b) => a - b)
    )
  })

  it('two runs started together against the same store both end with the correct store', async () => {
    await h.run({ from: '2025-01-01', to: '2025-01-31' })
    for (const entry of h.harvest.entries
      .filter((item) => item.spent_date >= '2025-01-05' && item.spent_date <= '2025-01-25')
      .slice(0, 40)) {
      h.harvest.update(entry.id, { notes: `concurrent ${entry.id}` })
    }
    const results = await Promise.allSettled([
      h.run({}, { ...FAST, now: NOW }),
      h.run({}, { ...FAST, now: NOW })
    ])
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled'])
    expect(await h.s3.snapshot()).toEqual(
      expectedDayFiles(h.harvest.entries, WINDOW.from, WINDOW.to)
    )
  })
})
