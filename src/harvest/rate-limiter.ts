import { sleep } from '../util/sleep.js'

export interface RateLimit {
  max: number
  windowMs: number
}

/** Harvest's documented limit for the time entries API: 100 requests per 15 seconds per token. */
export const HARVEST_RATE_LIMIT: RateLimit = { max: 100, windowMs: 15_000 }

/**
 * A sliding window shared by every request of a run, so concurrent walks together stay under
 * Harvest's limit (not each with the whole budget). A 429 pauses all until its `Retry-After`.
 */
export class RateLimiter {
  private readonly sent: number[] = []
  private pausedUntil = 0
  private queue: Promise<void> = Promise.resolve()

  constructor(
    private readonly limit: RateLimit,
    /** Slack for clock and network jitter between our count and Harvest's. */
    private readonly marginMs = 250
  ) {}

  /** Resolves when one more request may be sent now; callers are served in order. */
  acquire(signal?: AbortSignal): Promise<void> {
    const turn = this.queue.then(() => this.waitForSlot(signal))
    this.queue = turn.catch(() => undefined)
    return turn
  }

  pauseFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms)
  }

  private async waitForSlot(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const now = Date.now()
      const windowStart = now - this.limit.windowMs - this.marginMs
      while (this.sent.length > 0 && this.sent[0] <= windowStart) this.sent.shift()
      const untilSlot = this.sent.length >= this.limit.max ? this.sent[0] - windowStart : 0
      const wait = Math.max(this.pausedUntil - now, untilSlot)
      if (wait <= 0) {
        this.sent.push(now)
        return
      }
      await sleep(wait, signal)
    }
  }
}
