import type { TimeEntry } from '../../src/harvest/types.js'
import { FAST, Harness, NOW, WINDOW } from '../support/harness.js'
import { parseJson } from '../support/json.js'

/** What the original Python script left in its bucket: `json.dump(entries)` (compact, its own order). */
function pythonDump(entries: TimeEntry[]): string {
  return JSON.stringify(entries)
    .replaceAll('","', '", "')
    .replaceAll(',"', ', "')
    .replaceAll('":', '": ')
}

describe("switching from the original script's files", () => {
  let h: Harness

  beforeEach(async () => {
    h = await new Harness().start()
  })

  afterEach(async () => {
    await h.stop()
  })

  const window = (entries: TimeEntry[], from: string, to: string) =>
    entries.filter((entry) => entry.spent_date >= from && entry.spent_date <= to)

  it("computes the first change log against the script's last snapshot and rolling file", async () => {
    // Yesterday's run of the old script: window 2024-12-30..2025-03-30.
    const yesterday = window(h.harvest.entries, '2024-12-30', '2025-03-30')
    const oldSnapshot = pythonDump([...yesterday].reverse())
    await h.s3.putText('harvest/20250330.json', oldSnapshot)
    await h.s3.putText('harvest/harvest-data.json', pythonDump(yesterday))
    const edited = h.harvest.update(window(h.harvest.entries, '2025-02-01', '2025-02-28')[0].id, {
      notes: 'edited after the switch'
    })

    const summary = await h.run(
      { layout: 'snapshot', 'latest-key': 'harvest-data.json', changes: 'true' },
      { ...FAST, now: NOW }
    )
    const today = window(h.harvest.entries, WINDOW.from, WINDOW.to)
    const newToday = today.filter((entry) => entry.spent_date === '2025-03-31')
    expect(summary).toMatchObject({ added: newToday.length, updated: 1, deleted: 0 })
    const updated = parseJson<TimeEntry[]>(
      (await h.s3.getText('harvest/changes/updated/20250331-updated-150000.json'))!
    )
    expect(updated).toEqual([edited])
    const rolling = parseJson<TimeEntry[]>((await h.s3.getText('harvest/harvest-data.json'))!)
    expect(rolling.map((entry) => entry.id)).toEqual(
      (JSON.parse((await h.s3.getText('harvest/20250331.json'))!) as TimeEntry[]).map(
        (entry) => entry.id
      )
    )
    // The old snapshot is history: left as it was.
    expect((await h.s3.getText('harvest/20250330.json')) === oldSnapshot).toBe(true)
  })

  it('fails instead of treating an unreadable previous snapshot as "no previous data"', async () => {
    await h.s3.putText(
      'harvest/20250330.json',
      pythonDump(window(h.harvest.entries, '2024-12-30', '2025-03-30'))
    )
    h.s3.interceptor = (request) =>
      request.kind === 'get' && request.key === 'harvest/20250330.json'
        ? { status: 500, body: '<Error><Code>InternalError</Code></Error>' }
        : undefined
    const error = await h.failure({
      layout: 'snapshot',
      'latest-key': 'harvest-data.json',
      changes: 'true'
    })
    expect(error.message).toContain('harvest/20250330.json')
    expect(h.s3.requests.filter((request) => request.kind === 'put')).toHaveLength(0)
  })
})
