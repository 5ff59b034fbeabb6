import { RateLimiter } from '../../src/harvest/rate-limiter.js'
import { rangeCount } from '../../src/harvest/fetch-window.js'
import { RetryableError, backoffDelay, withRetry } from '../../src/util/retry.js'
import { ChangeLedger, diffEntries } from '../../src/export/changes.js'
import { ExportError } from '../../src/errors.js'
import type { TimeEntry } from '../../src/harvest/types.js'

describe('rate limiter', () => {
  it('lets at most max requests start within any window', async () => {
    const limiter = new RateLimiter({ max: 3, windowMs: 200 }, 0)
    const started: number[] = []
    const t0 = Date.now()
    await Promise.all(
      Array.from({ length: 7 }, () => limiter.acquire().then(() => started.push(Date.now() - t0)))
    )
    started.sort((a, b) => a - b)
    for (let i = 3; i < started.length; i++)
      expect(started[i] - started[i - 3]).toBeGreaterThanOrEqual(199)
  })

  it('pauses everyone after a 429', async () => {
    const limiter = new RateLimiter({ max: 100, windowMs: 1000 }, 0)
    limiter.pauseFor(150)
    const t0 = Date.now()
    await limiter.acquire()
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140)
  })
})

describe('retries', () => {
  const policy = { attempts: 4, baseDelayMs: 1, maxDelayMs: 4 }

  it('retries retryable failures and returns the eventual result', async () => {
    let calls = 0
    const result = await withRetry(policy, async () => {
      if (++calls < 3) throw new RetryableError('blip')
      return 'ok'
    })
    expect(result).toBe('ok')
    expect(calls).toBe(3)
  })

  it('does not retry other errors, and gives up after the last attempt', async () => {
    let calls = 0
    await expect(
      withRetry(policy, async () => (calls++, Promise.reject(new Error('fatal'))))
    ).rejects.toThrow('fatal')
    expect(calls).toBe(1)
    calls = 0
    const exhausted = withRetry(
      policy,
      async () => (calls++, Promise.reject(new RetryableError('down')))
    )
    // The last failure is reworded for the user, never left as a bare RetryableError.
    await expect(exhausted).rejects.toThrow('down, still after 4 attempts.')
    await expect(exhausted).rejects.toBeInstanceOf(ExportError)
    expect(calls).toBe(4)
  })

  it('backs off exponentially with jitter, capped', () => {
    const p = { attempts: 9, baseDelayMs: 100, maxDelayMs: 1000 }
    expect(backoffDelay(p, 0, () => 0)).toBe(50)
    expect(backoffDelay(p, 0, () => 1)).toBe(100)
    expect(backoffDelay(p, 3, () => 1)).toBe(800)
    expect(backoffDelay(p, 8, () => 1)).toBe(1000)
  })
})

describe('range planning', () => {
  const options = { concurrency: 4, pagesPerRange: 4 }

  it('sizes ranges by pages so memory per range stays bounded as the window grows', () => {
    expect(rangeCount(3_000, 91, options)).toBe(2)
    expect(rangeCount(60_000, 91, options)).toBe(8)
    expect(rangeCount(250_000, 365, options)).toBe(32)
    expect(rangeCount(250_000, 10, options)).toBe(10)
    expect(rangeCount(60_000, 91, { ...options, ranges: 1 })).toBe(1)
  })
})

describe('change ledger', () => {
  const entry = (id: number, spent_date: string, notes = ''): TimeEntry => ({
    id,
    spent_date,
    created_at: '2025-01-01T00:00:00Z',
    notes
  })

  it('counts a move between two days of the window as one update', () => {
    const ledger = new ChangeLedger(true)
    ledger.record(
      '2025-01-01',
      diffEntries(
        [entry(1, '2025-01-01'), entry(2, '2025-01-01')],
        [entry(2, '2025-01-01', 'edited')]
      )
    )
    ledger.record('2025-01-02', diffEntries([], [entry(1, '2025-01-02'), entry(3, '2025-01-02')]))
    const settled = ledger.settle()
    expect(settled.totals).toEqual({ added: 1, updated: 2, deleted: 0 })
    expect(settled.byDate.get('2025-01-01')).toEqual({
      added: 0,
      updated: 1,
      deleted: 0,
      movedOut: 1
    })
    expect(settled.byDate.get('2025-01-02')).toEqual({
      added: 1,
      updated: 1,
      deleted: 0,
      movedOut: 0
    })
    expect(settled.log.updated.map((item) => item.id).sort()).toEqual([1, 2])
    expect(settled.log.new.map((item) => item.id)).toEqual([3])
  })

  it('ignores key order when comparing entries', () => {
    expect(
      diffEntries(
        [{ id: 1, spent_date: 'd', created_at: 'c' }],
        [{ created_at: 'c', spent_date: 'd', id: 1 }]
      ).updated
    ).toEqual([])
  })

  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['a nested field', { project: { id: 1, name: 'Old' } }, { project: { id: 1, name: 'New' } }],
    ['a field added', { notes: null }, { notes: null, hours: 1 }],
    ['an array element', { tags: [1, 2] }, { tags: [1, 3] }],
    ['null against an object', { invoice: null }, { invoice: { id: 1 } }],
    ['a number against its string', { hours: 1 }, { hours: '1' }]
  ])('counts %s as an update', (_name, before, after) => {
    const base = { id: 1, spent_date: 'd', created_at: 'c' }
    const diff = diffEntries(
      [{ ...base, ...before } as TimeEntry],
      [{ ...base, ...after } as TimeEntry]
    )
    expect(diff.updated.map((entry) => entry.id)).toEqual([1])
  })
})
