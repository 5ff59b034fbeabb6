import { createHash } from 'node:crypto'
import { Harness, WINDOW, clone, expectedDayFiles } from '../support/harness.js'

const STATE_KEY = 'harvest/.harvest-s3-export/state.json'

interface StoredState {
  files?: Record<string, { etag: string; made_from: string }>
  [field: string]: unknown
}

/** Day files serialized by the run (`JSON.stringify(entries, null, 2)`), counted. */
function countDaySerializations(): { count: () => number; restore: () => void } {
  const original = JSON.stringify
  let count = 0
  JSON.stringify = function (this: JSON, ...args: Parameters<typeof JSON.stringify>) {
    if (Array.isArray(args[0]) && args[2] === 2) count++
    return original.apply(this, args)
  } as typeof JSON.stringify
  return { count: () => count, restore: () => (JSON.stringify = original) }
}

describe('days known unchanged from what they were made of', () => {
  let h: Harness

  beforeEach(async () => {
    h = await new Harness().start()
  })

  afterEach(async () => {
    await h.stop()
  })

  async function state(): Promise<StoredState> {
    return JSON.parse((await h.s3.getText(STATE_KEY))!) as StoredState
  }

  it('an unchanged rerun rebuilds no day file and writes nothing, the state included', async () => {
    await h.run()
    const expected = expectedDayFiles(h.harvest.entries, WINDOW.from, WINDOW.to)
    const files = (await state()).files!
    expect(Object.keys(files).map((day) => `harvest/${day}.json`)).toEqual([...expected.keys()])
    expect(Object.values(files).every((file) => file.made_from.startsWith('json:'))).toBe(true)

    h.s3.resetCounts()
    const serialized = countDaySerializations()
    const summary = await h.run()
    serialized.restore()
    expect(summary).toMatchObject({ daysWritten: 0, added: 0, updated: 0, deleted: 0 })
    expect(serialized.count()).toBe(0)
    expect(['list', 'get', 'head', 'put'].map((kind) => h.s3.count(kind))).toEqual([1, 0, 0, 0])
    expect(h.s3.stateCount('put')).toBe(0)
    expect(await h.s3.snapshot()).toEqual(expected)
  })

  it('an edited day is rewritten and recorded anew; the run after knows it again', async () => {
    await h.run()
    const before = (await state()).files!
    const entry = h.harvest.entries.find((item) => item.spent_date === '2025-02-04')!
    h.harvest.update(entry.id, { notes: 'edited after the first run' })

    h.s3.resetCounts()
    const serialized = countDaySerializations()
    expect(await h.run()).toMatchObject({ daysWritten: 1, updated: 1 })
    serialized.restore()
    // Only the edited day was rebuilt: every other day came from the state's record.
    expect(serialized.count()).toBe(1)
    expect(h.s3.count('put')).toBe(1)
    expect(h.s3.stateCount('put')).toBe(1)
    const after = (await state()).files!
    expect(after['20250204'].etag).not.toBe(before['20250204'].etag)
    expect(after['20250204'].made_from).not.toBe(before['20250204'].made_from)
    expect({ ...after, 20250204: undefined }).toEqual({ ...before, 20250204: undefined })

    h.s3.resetCounts()
    const again = countDaySerializations()
    expect(await h.run()).toMatchObject({ daysWritten: 0 })
    again.restore()
    expect(again.count()).toBe(0)
    expect([h.s3.count('put'), h.s3.stateCount('put')]).toEqual([0, 0])
    expect(await h.s3.snapshot()).toEqual(
      expectedDayFiles(h.harvest.entries, WINDOW.from, WINDOW.to)
    )
  })

  it('a day file changed by someone else is put back, whatever the state records', async () => {
    await h.run()
    const expected = expectedDayFiles(h.harvest.entries, WINDOW.from, WINDOW.to)
    await h.s3.putText('harvest/20250203.json', '[]\n')
    await h.s3.putText('harvest/20250205.json', expected.get('harvest/20250205.json')! + ' ')
    h.s3.resetCounts()
    const summary = await h.run()
    expect(summary.daysWritten).toBe(2)
    expect(h.s3.count('put')).toBe(2)
    expect(await h.s3.snapshot()).toEqual(expected)
  })

  it('a record that does not match costs its day the full comparison, never a wrong skip', async () => {
    await h.run()
    const stored = await state()
    stored.files!['20250203'] = { ...stored.files!['20250203'], made_from: 'json:not-this' }
    stored.files!['20250206'] = { etag: stored.files!['20250206'].etag, made_from: 'ndjson:x' }
    stored.files!['20250207'] = 'broken' as never
    await h.s3.putText(STATE_KEY, JSON.stringify(stored))
    const entry = h.harvest.entries.find((item) => item.spent_date === '2025-02-10')!
    // A record claiming the old source for an edited day: the new bytes differ, so it is rebuilt.
    h.harvest.update(entry.id, { hours: 7.75 })

    h.s3.resetCounts()
    const serialized = countDaySerializations()
    const summary = await h.run()
    serialized.restore()
    expect(summary).toMatchObject({ daysWritten: 1, updated: 1 })
    expect(serialized.count()).toBe(4)
    expect(h.s3.count('put')).toBe(1)
    expect(await h.s3.snapshot()).toEqual(
      expectedDayFiles(h.harvest.entries, WINDOW.from, WINDOW.to)
    )
  })

  it('an entry holding an array of objects cannot stand in for the entries after it', async () => {
    // Three days of three entries each alone, one of them carrying an array of objects shaped
    // like the entries after it (ids, then a whole copy of the last): a false boundary.
    h.harvest.removeWhere((entry) => entry.spent_date >= WINDOW.from)
    const newest = h.harvest.add({ spent_date: '2025-02-03' })
    const middle = h.harvest.add({ spent_date: '2025-02-02' })
    const oldest = h.harvest.add({ spent_date: '2025-02-01' })
    h.harvest.update(newest.id, {
      attachments: [{ id: 0 }, { id: middle.id }, clone(oldest)]
    })
    await h.run()
    expect(await h.s3.snapshot()).toEqual(
      expectedDayFiles(h.harvest.entries, WINDOW.from, WINDOW.to)
    )

    h.harvest.update(middle.id, { notes: 'edited after the first run' })
    expect(await h.run()).toMatchObject({ daysWritten: 1, updated: 1 })
    expect(await h.s3.snapshot()).toEqual(
      expectedDayFiles(h.harvest.entries, WINDOW.from, WINDOW.to)
    )
  })

  it('records the version it compared, not a listed one another writer replaced', async () => {
    await h.run()
    const expected = expectedDayFiles(h.harvest.entries, WINDOW.from, WINDOW.to)
    const key = 'harvest/20250204.json'
    const wanted = expected.get(key)!
    // Another tool leaves its own bytes in the day file...
    const other = '[{"written":"by another tool"}]\n'
    await h.s3.putText(key, other)
    // ...and this run writes some other day, so the state is recorded.
    const edited = h.harvest.entries.find((item) => item.spent_date === '2025-02-10')!
    h.harvest.update(edited.id, { notes: 'edited after the first run' })
    // Between this run's LIST and its GET the other tool puts the exporter's bytes back: the
    // GET answers with them (and their ETag), as S3 would.
    let restored: Promise<void> | undefined
    h.s3.interceptor = ({ kind, key: requested }) => {
      if (kind !== 'get' || requested !== key || restored) return undefined
      restored = h.s3.putText(key, wanted)
      return {
        status: 200,
        body: wanted,
        headers: {
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(wanted)),
          etag: `"${createHash('md5').update(wanted).digest('hex')}"`
        }
      }
    }
    expect(await h.run()).toMatchObject({ daysWritten: 1 })
    h.s3.interceptor = undefined
    await restored
    expect(await h.s3.snapshot()).toEqual(
      expectedDayFiles(h.harvest.entries, WINDOW.from, WINDOW.to)
    )

    // The other tool writes its bytes once more: the next run must put the day back.
    await h.s3.putText(key, other)
    await h.run()
    expect(await h.s3.snapshot()).toEqual(
      expectedDayFiles(h.harvest.entries, WINDOW.from, WINDOW.to)
    )
  })

  it('records the version a HEAD vouched for, where ETags are not MD5s', async () => {
    h.s3.opaqueEtags = true
    await h.run()
    const expected = expectedDayFiles(h.harvest.entries, WINDOW.from, WINDOW.to)
    const key = 'harvest/20250204.json'
    const wanted = expected.get(key)!
    // Another tool's bytes of the same length (no checksum metadata): a HEAD, then a GET.
    const other = wanted.replace('false', 'true ')
    await h.s3.putText(key, other)
    const edited = h.harvest.entries.find((item) => item.spent_date === '2025-02-10')!
    h.harvest.update(edited.id, { notes: 'edited after the first run' })
    // Between this run's LIST and its HEAD the exporter's bytes are put back: the HEAD shows
    // their ETag and checksum, as S3 would.
    let restored: Promise<void> | undefined
    const real = `"${createHash('md5').update(wanted).digest('hex')}"`
    h.s3.interceptor = ({ kind, key: requested }) => {
      if (kind !== 'head' || requested !== key || restored) return undefined
      restored = h.s3.putText(key, wanted)
      return {
        status: 200,
        headers: {
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(wanted)),
          etag: `"${createHash('sha1').update(`kms:${real}`).digest('hex').slice(0, 32)}"`,
          'x-amz-meta-sha256': createHash('sha256').update(wanted).digest('hex')
        }
      }
    }
    expect(await h.run()).toMatchObject({ daysWritten: 1 })
    h.s3.interceptor = undefined
    await restored
    expect(restored).toBeDefined()

    await h.s3.putText(key, other)
    await h.run()
    expect(await h.s3.snapshot()).toEqual(
      expectedDayFiles(h.harvest.entries, WINDOW.from, WINDOW.to)
    )
  })
})
