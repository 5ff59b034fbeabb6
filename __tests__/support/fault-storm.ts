import type { Fault, FaultKind } from '../../sandbox/harvest-simulator.js'
// Seeded, so the storm is random but the same on every run.
import { mulberry32 as prng } from '../../sandbox/harvest-data.js'
import { eachDate } from '../../src/util/calendar.js'
import { FAST, expectedDayFiles, type Harness } from './harness.js'

const HARVEST_FAULTS: FaultKind[] = [
  '429',
  '500',
  '502',
  '503',
  'reset',
  'truncate',
  'lie-total',
  'timeout'
]

/** What one schedule left: the files before the storm, the exact files after, and what is stored. */
export interface StormSchedule {
  schedule: number
  failed: boolean
  /** Whether a fault that never clears was injected (in Harvest or S3). */
  persistent: boolean
  before: Map<string, string>
  after: Map<string, string>
  stored: Map<string, string>
}

export interface StormOptions {
  /** The seeds run, one schedule each (the seed is 1000 + schedule). */
  schedules: readonly number[]
  /**
   * How long a request may stall before it is retried. A 'timeout' fault stalls until then:
   * the short storm (a test) waits less than the long one (the bench) without changing what
   * either proves.
   */
  timeoutMs?: number
  /** Called with each schedule's outcome as it ends (the checks). */
  check(outcome: StormSchedule): void
}

/**
 * Random fault schedules over a harness started with entries from 2025-01-01 to 2025-03-31:
 * each schedule runs a window, changes Harvest, then runs again under transient faults
 * (sometimes one that never clears) in Harvest and S3. The run after must end either
 * exactly right or failed with every file whole (`check` decides what that means).
 */
export async function faultStorm(
  h: Harness,
  options: StormOptions
): Promise<{ succeeded: number; failed: number }> {
  const outcomes = { succeeded: 0, failed: 0 }
  const runOptions =
    options.timeoutMs === undefined
      ? {}
      : { harvest: { ...FAST.harvest, timeoutMs: options.timeoutMs } }
  for (const schedule of options.schedules) {
    const random = prng(1000 + schedule)
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]
    const prefix = `storm${schedule}/`
    const start = eachDate('2025-01-01', '2025-02-28')[Math.floor(random() * 59)]
    const end = eachDate(start, '2025-03-31')[
      Math.min(Math.floor(10 + random() * 40), eachDate(start, '2025-03-31').length - 1)
    ]
    const window = { 's3-prefix': prefix, from: start, to: end }

    h.harvest.clearFaults()
    h.s3.interceptor = undefined
    await h.run(window)
    const before = await h.s3.snapshot(prefix)

    // Harvest changes between the runs: edits, deletions, moves, additions, an emptied day.
    const inWindow = h.harvest.entries.filter(
      (entry) => entry.spent_date >= start && entry.spent_date <= end
    )
    for (let change = 0; change < 6; change++) {
      const entry = pick(inWindow)
      if (!h.harvest.entries.some((item) => item.id === entry.id)) continue
      const action = pick(['edit', 'delete', 'move', 'add'] as const)
      if (action === 'edit') h.harvest.update(entry.id, { notes: `storm ${schedule}.${change}` })
      if (action === 'delete') h.harvest.remove(entry.id)
      if (action === 'move') h.harvest.move(entry.id, pick(eachDate(start, end)))
      if (action === 'add')
        h.harvest.add({
          spent_date: pick(eachDate(start, end)),
          created_at: `${start}T12:00:00Z`
        })
    }
    const emptied = pick(eachDate(start, end))
    for (const entry of h.harvest.entries.filter((item) => item.spent_date === emptied))
      h.harvest.remove(entry.id)
    const after = expectedDayFiles(h.harvest.entries, start, end, prefix)
    for (const key of before.keys()) if (!after.has(key)) after.set(key, '[]\n')

    // The storm: transient faults everywhere, sometimes one that never clears.
    const transient = Math.floor(random() * 6)
    for (let fault = 0; fault < transient; fault++) {
      const kind = pick(HARVEST_FAULTS)
      const every = 1 + Math.floor(random() * 3)
      let seen = 0
      const injected: Fault = {
        kind,
        times: 1 + Math.floor(random() * 2),
        retryAfterSeconds: 1,
        match: () => seen++ % every === 0
      }
      h.harvest.injectFault(injected)
    }
    const persistentHarvest = random() < 0.25
    if (persistentHarvest)
      h.harvest.injectFault({
        kind: pick(['500', 'reset', 'lie-total'] as const),
        times: Infinity,
        match: (url) => (url.searchParams.get('from') ?? '') > start
      })
    const s3Rate = random() * 0.12
    const persistentS3 = random() < 0.15
    h.s3.interceptor = (request) => {
      if (persistentS3 && request.kind === 'put' && request.key.endsWith('5.json'))
        return { status: 500, body: '<Error><Code>InternalError</Code></Error>' }
      if (random() >= s3Rate) return undefined
      return pick([
        { status: 500, body: '<Error><Code>InternalError</Code></Error>' },
        {
          status: 503,
          body: '<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>'
        },
        'reset' as const,
        'reset-after' as const
      ])
    }

    let failed = false
    try {
      await h.run(window, runOptions)
    } catch {
      failed = true
    }
    h.s3.interceptor = undefined
    h.harvest.clearFaults()
    const stored = await h.s3.snapshot(prefix)
    if (failed) outcomes.failed++
    else outcomes.succeeded++
    options.check({
      schedule,
      failed,
      persistent: persistentHarvest || persistentS3,
      before,
      after,
      stored
    })
  }
  return outcomes
}
