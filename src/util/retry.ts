import { ExportError, type UserError } from '../errors.js'
import { sleep } from './sleep.js'

export interface RetryPolicy {
  /** Total tries, the first one included. */
  attempts: number
  baseDelayMs: number
  maxDelayMs: number
}

/** `afterMs` overrides the backoff. */
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

export function retryNote(reason: string, delayMs: number): string {
  return `${reason}; retrying in ${(delayMs / 1000).toFixed(1)} s`
}

/** Equal jitter: callers that failed together spread out, and each still waits at least half. */
export function backoffDelay(policy: RetryPolicy, retry: number, random = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry)
  return Math.round(ceiling / 2 + (random() * ceiling) / 2)
}

/** The last failure is reworded by `giveUp`, so a `RetryableError` never reaches an entry point. */
export async function withRetry<T>(
  policy: RetryPolicy,
  attempt: () => Promise<T>,
  options: {
    signal?: AbortSignal
    onRetry?: (error: RetryableError, delayMs: number) => void
    giveUp?: (error: RetryableError, attempts: number) => UserError
  } = {}
): Promise<T> {
  for (let tryNumber = 1; ; tryNumber++) {
    try {
      return await attempt()
    } catch (error) {
      if (!(error instanceof RetryableError)) throw error
      if (tryNumber >= policy.attempts) {
        throw (
          options.giveUp?.(error, policy.attempts) ??
          new ExportError(`${error.message}, still after ${policy.attempts} attempts.`, {
            cause: error
          })
        )
      }
      const delay = error.afterMs ?? backoffDelay(policy, tryNumber - 1)
      options.onRetry?.(error, delay)
      await sleep(delay, options.signal)
    }
  }
}
