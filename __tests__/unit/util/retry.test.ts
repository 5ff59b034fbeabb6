import { RetryableError, backoffDelay, withRetry } from '../../../src/util/retry.js'
import { ExportError } from '../../../src/errors.js'

describe('retries', () => {
  const policy = { attempts: 4, baseDelayMs: 1, maxDelayMs: 4 }

  it('retries retryable failures and returns the eventual result', async () => {
    let calls = 0
    const result = await withRetry(policy, () =>
      ++calls < 3 ? Promise.reject(new RetryableError('blip')) : Promise.resolve('ok')
    )
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
