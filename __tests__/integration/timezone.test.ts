import { Harness, expectedDayFiles } from '../support/harness.js'

/** The harness's now, 2025-03-31T15:00:00Z, is a different day or hour on other wall clocks. */
describe('timezone in a run', () => {
  let h: Harness

  beforeAll(async () => {
    h = await new Harness().start({ entries: 400 })
  })

  afterAll(async () => {
    await h.stop()
  })

  const inWindow = (from: string, to: string) =>
    h.harvest.entries.filter((entry) => entry.spent_date >= from && entry.spent_date <= to)

  it.each([
    // UTC+14: already the next day, 05:00.
    ['Pacific/Kiritimati', 'kiritimati/', '2025-01-01', '2025-04-01', '20250401-new-050000'],
    // UTC-7 (daylight saving time): the same day, 08:00.
    ['America/Los_Angeles', 'los-angeles/', '2024-12-31', '2025-03-31', '20250331-new-080000']
  ])(
    'in %s, "today", the window and the change log time are its wall clock',
    async (timezone, prefix, from, to, stamp) => {
      const summary = await h.run({ timezone, changes: 'true', 's3-prefix': prefix })
      expect(summary).toMatchObject({ windowFrom: from, windowTo: to })
      const stored = await h.s3.snapshot(prefix)
      const log = `${prefix}changes/new/${stamp}.json`
      expect([...stored.keys()].filter((key) => key.includes('/changes/'))).toEqual([log])
      expect(JSON.parse(stored.get(log)!)).toHaveLength(inWindow(from, to).length)
      stored.delete(log)
      expect(stored).toEqual(expectedDayFiles(h.harvest.entries, from, to, prefix))
    }
  )
})
