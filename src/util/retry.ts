import { sleep } from './pool.js'

export interface RetryPolicy {
  /** Total tries, the first one included. */
  attempts: number
  baseDelayMs: number
  maxDelayMs: number
}

/** Thrown by an attempt that may succeed if tried again; `afterMs` overrides the backoff. */
export class RetryableError extends Error {
  constructor(
    message: string,
    readonly afterMs?: number,
    options?: { cause?: unknown }
  ) {
    super(message, options)
    this.name = 'RetryableError'
  }
}

/** Exponential backoff with full jitter, so parallel callers that failed together spread out. */
export function backoffDelay(policy: RetryPolicy, retry: number, random = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry)
  return Math.round(ceiling / 2 + (random() * ceiling) / 2)
}

/**
 * Calls `attempt` until it returns, throws a non-retryable error, or the attempts run out
 * (then the last `RetryableError` is rethrown for the caller to word).
 */
export async function withRetry<T>(
  policy: RetryPolicy,
  attempt: (tryNumber: number) => Promise<T>,
  options: { signal?: AbortSignal; onRetry?: (error: RetryableError, delayMs: number) => void } = {}
): Promise<T> {
  for (let tryNumber = 1; ; tryNumber++) {
    try {
      return await attempt(tryNumber)
    } catch (error) {
      if (!(error instanceof RetryableError) || tryNumber >= policy.attempts) throw error
      const delay = error.afterMs ?? backoffDelay(policy, tryNumber - 1)
      options.onRetry?.(error, delay)
      await sleep(delay, options.signal)
    }
  }
}
