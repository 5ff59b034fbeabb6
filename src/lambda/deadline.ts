import { ExportError } from '../errors.js'

/** The part of Lambda's context object the handler uses. */
export interface LambdaContext {
  getRemainingTimeInMillis?: () => number
}

/**
 * A signal that fires shortly before the invocation would be killed, so the run stops
 * starting new work and finishes its writes instead of dying mid-write. The margin is a
 * tenth of the time left, between 1 s and 30 s (30 s of a 300 s function).
 */
export function deadlineSignal(context: LambdaContext | undefined): {
  signal?: AbortSignal
  clear: () => void
} {
  const remaining = context?.getRemainingTimeInMillis?.()
  if (typeof remaining !== 'number' || !Number.isFinite(remaining))
    return { clear: () => undefined }
  const margin = Math.min(30_000, Math.max(1_000, remaining / 10))
  const controller = new AbortController()
  const reason = new ExportError(
    `Stopped early: the function was about to reach its timeout (${Math.round(remaining / 1000)} s left at the start); ` +
      'raise the timeout or export a shorter window per invocation.'
  )
  const timer = setTimeout(() => controller.abort(reason), Math.max(0, remaining - margin))
  timer.unref()
  return { signal: controller.signal, clear: () => clearTimeout(timer) }
}
