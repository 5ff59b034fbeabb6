import { summaryOutputs } from '../../../src/report/outputs.js'
import { summaryText } from '../../../src/report/text.js'
import { Harness, removeDir, tempDir } from '../../support/harness.js'

/**
 * A first run writes every day that has entries; the days with none get no file. Its summary
 * says so, instead of calling them "unchanged", while output days-unchanged keeps counting
 * them (days-written + days-unchanged = days in the window).
 */
describe('the summary of a first run and of its rerun (Harvest simulator, directory store)', () => {
  let h: Harness
  let dir: string

  beforeAll(async () => {
    h = await new Harness().start({ entries: 120 })
    dir = await tempDir()
  })
  afterAll(async () => {
    await h?.stop()
    await removeDir(dir)
  })

  const run = () => h.run({ 's3-bucket': '', 's3-endpoint': '', 'out-dir': dir })

  it('counts the days without entries apart, first run and rerun alike', async () => {
    const first = await run()
    const windowDays = first.days.length
    const withEntries = first.days.filter((day) => day.entries > 0).length
    const empty = windowDays - withEntries
    expect(withEntries).toBeGreaterThan(0)
    expect(empty).toBeGreaterThan(0)
    expect(first.daysWritten).toBe(withEntries)
    expect(summaryText(first)).toContain(
      `days written ${withEntries}, unchanged 0, without entries ${empty}, emptied 0;`
    )
    const outputs = summaryOutputs(first)
    expect(outputs['days-unchanged']).toBe(empty)
    expect(Number(outputs['days-written']) + Number(outputs['days-unchanged'])).toBe(windowDays)

    const rerun = await run()
    expect(summaryText(rerun)).toContain(
      `days written 0, unchanged ${withEntries}, without entries ${empty}, emptied 0;`
    )
    expect(summaryOutputs(rerun)['days-unchanged']).toBe(windowDays)
  })
})
