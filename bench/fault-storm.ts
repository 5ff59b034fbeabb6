// `npm run bench -- --only fault-storm`: the long fault storm, 24 random schedules with
// Harvest's full request timeout. The test suite runs a short one
// (__tests__/integration/fault-storm.test.ts); this one tries more schedules and more time.
import { isDeepStrictEqual } from 'node:util'
import { faultStorm, type StormSchedule } from '../__tests__/support/fault-storm.js'
import { Harness } from '../__tests__/support/harness.js'

export const FAULT_STORM_SCHEDULES = 24

export interface FaultStormResult {
  schedules: number
  succeeded: number
  failed: number
  /** Failed schedules that had no fault that never clears: retries ran out. */
  failedWithoutPersistentFault: number
  wallMs: number
}

/** Every schedule ends exactly right, or failed with every file its old or its new content. */
function check({ schedule, failed, before, after, stored }: StormSchedule): void {
  if (!failed) {
    if (!isDeepStrictEqual(stored, after))
      throw new Error(`schedule ${schedule} succeeded but its files are not exact`)
    return
  }
  for (const [key, body] of stored) {
    if (body !== before.get(key) && body !== after.get(key))
      throw new Error(`schedule ${schedule}: ${key} is neither its old nor its new content`)
  }
  for (const key of before.keys())
    if (!stored.has(key)) throw new Error(`schedule ${schedule}: ${key} is gone`)
}

export async function benchFaultStorm(): Promise<FaultStormResult> {
  const h = await new Harness().start({
    entries: 6000,
    from: '2025-01-01',
    to: '2025-03-31',
    seed: 3
  })
  const started = Date.now()
  let failedWithoutPersistentFault = 0
  try {
    const outcomes = await faultStorm(h, {
      schedules: Array.from({ length: FAULT_STORM_SCHEDULES }, (_, index) => index),
      check: (outcome) => {
        check(outcome)
        if (outcome.failed && !outcome.persistent) failedWithoutPersistentFault++
      }
    })
    if (outcomes.succeeded === 0 || outcomes.failed === 0)
      throw new Error('the storm must end both ways, or it proves less than it claims')
    return {
      schedules: FAULT_STORM_SCHEDULES,
      ...outcomes,
      failedWithoutPersistentFault,
      wallMs: Date.now() - started
    }
  } finally {
    await h.stop()
  }
}

export function faultStormTable(result: FaultStormResult): string {
  return [
    '',
    '',
    '| schedules | succeeded exactly | failed, every file whole | of which without a lasting fault | wall s |',
    '|---:|---:|---:|---:|---:|',
    `| ${result.schedules} | ${result.succeeded} | ${result.failed} | ${result.failedWithoutPersistentFault} | ${(result.wallMs / 1000).toFixed(1)} |`
  ].join('\n')
}
