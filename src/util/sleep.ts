import { setTimeout } from 'node:timers/promises'

/** Waits `ms`, or rejects with the signal's own reason (whatever abort() was given, as fetch does). */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  try {
    await setTimeout(ms, undefined, { signal })
  } catch (error) {
    throw signal?.aborted ? signal.reason : error
  }
}
