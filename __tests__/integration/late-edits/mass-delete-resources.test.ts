import type { TimeEntry } from '../../../src/harvest/types.js'
import { FAST, Harness, WINDOW } from '../../support/harness.js'

/**
 * The mass-delete guard refuses the whole run: a run that also keeps other resources writes
 * none of their objects either (the token that lost admin rights is the same token).
 */
describe('mass-delete guard with other resources (Harvest simulator over HTTP, s3rver)', () => {
  let h: Harness

  beforeAll(async () => {
    h = await new Harness().start({ rateLimit: false })
    // A backfill before the window, so the rolling runs below sweep it.
    await h.run({ from: '2024-11-01', to: '2025-03-31' }, FAST)
    const keep = (h.harvest.entries[0].user as { id: number }).id
    h.harvest.removeWhere((entry: TimeEntry) => (entry.user as { id: number }).id !== keep)
  })
  afterAll(async () => {
    await h?.stop()
  })

  it.each([
    ['sweeping', {}, 'the window and the archive before it'],
    ['late-edits: ignore (the window alone)', { 'late-edits': 'ignore' }, WINDOW.from]
  ])('%s: refuses and writes no resource object', async (_label, values, compared) => {
    const before = await h.s3.snapshot('harvest/', true)
    h.s3.resetCounts()
    const settings = { ...values, resources: 'time_entries clients projects company' }
    const error = await h.failure(settings, FAST)
    expect(error.message).toMatch(/would delete more than half of them/)
    expect(error.message).toContain(compared)
    expect(h.s3.count('put') + h.s3.stateCount('put')).toBe(0)
    expect(await h.s3.snapshot('harvest/', true)).toEqual(before)
  })

  it('writes them with allow-empty', async () => {
    const summary = await h.run(
      { resources: 'time_entries clients projects company', 'allow-empty': 'true' },
      FAST
    )
    expect(summary.resourcesWritten).toBe(3)
    expect((await h.s3.snapshot('harvest/')).has('harvest/clients.json')).toBe(true)
  })
})
