import { faultStorm, type StormSchedule } from '../support/fault-storm.js'
import { Harness } from '../support/harness.js'

/**
 * A short storm: the seeds below include schedules that end exactly right and schedules
 * with a fault that never clears. The long storm (24 schedules, Harvest's full timeouts) is
 * `npm run bench -- --only fault-storm`.
 */
const SCHEDULES = [0, 1, 2, 3, 4, 5]

describe('fault storms', () => {
  let h: Harness

  beforeAll(async () => {
    h = await new Harness().start({ entries: 6000, from: '2025-01-01', to: '2025-03-31', seed: 3 })
  })

  afterAll(async () => {
    await h.stop()
  })

  /** The checks of every schedule: exactly right, or failed with every file old or new. */
  function check({ schedule, failed, before, after, stored }: StormSchedule): void {
    if (failed) {
      for (const [key, body] of stored) {
        if (body !== before.get(key) && body !== after.get(key))
          throw new Error(`schedule ${schedule}: ${key} is neither its old nor its new content`)
      }
      for (const key of before.keys()) expect(stored.has(key)).toBe(true)
    } else {
      expect({ schedule, stored }).toEqual({ schedule, stored: after })
    }
  }

  it(`ends every one of ${SCHEDULES.length} random fault schedules either exactly right or failed with every file whole`, async () => {
    const outcomes = await faultStorm(h, { schedules: SCHEDULES, timeoutMs: 2_000, check })
    console.log(
      `fault storm: ${SCHEDULES.length} schedules ran, ${outcomes.succeeded} succeeded exactly, ${outcomes.failed} failed with every file intact`
    )
    expect(outcomes.succeeded + outcomes.failed).toBe(SCHEDULES.length)
    // The storm must exercise both endings, or it proves less than it claims.
    expect(outcomes.succeeded).toBeGreaterThan(0)
    expect(outcomes.failed).toBeGreaterThan(0)
  }, 300_000)
})
