import { RateLimiter } from '../../../src/harvest/rate-limiter.js'

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
