import type { Fault, FaultKind } from '../../sandbox/harvest-simulator.js'
// Seeded, so the storm is random but the same on every run.
import { mulberry32 as prng } from '../../sandbox/harvest-data.js'
import { eachDate } from '../../src/util/calendar.js'
import { Harness, expectedDayFiles } from '../support/harness.js'

const SCHEDULES = 24
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

describe('fault storms', () => {
  let h: Harness

  beforeAll(async () => {
    h = await new Harness().start({ entries: 6000, from: '2025-01-01', to: '2025-03-31', seed: 3 })
  })

  afterAll(async () => {
    await h.stop()
  })

  it(`ends every one of ${SCHEDULES} random fault schedules either exactly right or failed with every file whole`, async () => {
    const outcomes = { succeeded: 0, failed: 0 }
    for (let schedule = 0; schedule < SCHEDULES; schedule++) {
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
      if (random() < 0.25)
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
        await h.run(window)
      } catch {
        failed = true
      }
      h.s3.interceptor = undefined
      h.harvest.clearFaults()
      const stored = await h.s3.snapshot(prefix)
      if (failed) {
        outcomes.failed++
        for (const [key, body] of stored) {
          if (body !== before.get(key) && body !== after.get(key))
            throw new Error(`schedule ${schedule}: ${key} is neither its old nor its new content`)
        }
        for (const key of before.keys()) expect(stored.has(key)).toBe(true)
      } else {
        outcomes.succeeded++
        expect({ schedule, stored }).toEqual({ schedule, stored: after })
      }
    }
    console.log(
      `fault storm: ${SCHEDULES} schedules ran, ${outcomes.succeeded} succeeded exactly, ${outcomes.failed} failed with every file intact`
    )
    expect(outcomes.succeeded + outcomes.failed).toBe(SCHEDULES)
    // The storm must exercise both endings, or it proves less than it claims.
    expect(outcomes.succeeded).toBeGreaterThan(0)
    expect(outcomes.failed).toBeGreaterThan(0)
  }, 300_000)
})
