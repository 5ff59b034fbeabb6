import { readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { InputName } from '../../../src/config/inputs.js'
import { stateKey } from '../../../src/state/sync-state.js'
import { Harness, WINDOW, readTree, removeDir, tempDir } from '../../support/harness.js'

/**
 * The state binds a prefix to its archive's layout and format as it binds it to an account:
 * a run of another shape would start a second archive beside the first (or, as a snapshot,
 * overwrite a flat day file), so it fails before any request to Harvest and any write.
 */
const KEY = stateKey('harvest/')
type Values = Partial<Record<InputName, string>>

describe("the archive's layout and format bind its prefix (Harvest simulator, directory store)", () => {
  let h: Harness
  let dir: string

  const inDir = (values: Values): Values => ({
    's3-bucket': '',
    's3-endpoint': '',
    'out-dir': dir,
    ...values
  })
  const run = (values: Values = {}) => h.run(inDir(values))
  const failure = (values: Values) => h.failure(inDir(values))

  /** Every file, the state included, by content and identity: a rewrite changes the inode. */
  async function everything(): Promise<Map<string, string>> {
    const files = new Map<string, string>()
    for (const [path, body] of await readTree(dir, true)) {
      const info = await stat(join(dir, path), { bigint: true })
      files.set(path, `${info.ino}:${info.mtimeNs}:${body}`)
    }
    return files
  }

  const recorded = async (): Promise<Record<string, unknown>> =>
    JSON.parse(await readFile(join(dir, KEY), 'utf8')) as Record<string, unknown>

  /** Runs `values`, expects the refusal to say `message`, and nothing requested or written. */
  async function expectRefused(values: Values, ...message: string[]): Promise<void> {
    const before = await everything()
    h.harvest.resetStats()
    const error = await failure(values)
    expect(error.name).toBe('SafetyError')
    for (const part of message) expect(error.message).toContain(part)
    expect(error.message).toContain('Nothing was written.')
    expect(h.harvest.requestLog).toEqual([])
    expect(await everything()).toEqual(before)
  }

  beforeAll(async () => {
    h = await new Harness().start({ entries: 400 })
  })
  afterAll(async () => {
    await h?.stop()
  })
  beforeEach(async () => {
    dir = await tempDir()
  })
  afterEach(async () => {
    await removeDir(dir)
  })

  it('records the layout and format, then refuses a hive run on the flat prefix', async () => {
    const first = await run()
    expect(first.daysWritten).toBeGreaterThan(0)
    expect(await recorded()).toMatchObject({ layout: 'flat', format: 'json' })
    await expectRefused(
      { layout: 'hive' },
      `The archive under this prefix is flat/json (recorded in ${KEY}), but this run writes hive/json.`,
      'Use another s3-prefix, or keep layout: flat.'
    )
    const files = await readTree(dir)
    expect([...files.keys()].some((key) => key.includes('spent_date='))).toBe(false)
    // The archive's own runs go on as before.
    expect((await run()).daysWritten).toBe(0)
  })

  it('refuses an ndjson run on a json prefix, and the reverse', async () => {
    await run()
    await expectRefused(
      { format: 'ndjson' },
      'is flat/json (recorded in',
      'but this run writes flat/ndjson.',
      'or keep format: json.'
    )
    await removeDir(dir)
    await run({ layout: 'hive', format: 'ndjson' })
    await expectRefused(
      { layout: 'flat', format: 'json' },
      'is hive/ndjson (recorded in',
      'or keep layout: hive and format: ndjson.'
    )
  })

  it("refuses a snapshot on a flat prefix: its object would overwrite today's day file", async () => {
    h.harvest.add({ spent_date: WINDOW.to })
    await run()
    const today = `harvest/${WINDOW.to.replaceAll('-', '')}.json`
    expect((await readTree(dir)).has(today)).toBe(true)
    await expectRefused(
      { layout: 'snapshot' },
      'but this run writes snapshot/json, whose object for the run',
      'would overwrite it.'
    )
  })

  it('refuses resources of another layout beside the archive', async () => {
    await run({ resources: 'time_entries,projects' })
    await expectRefused({ resources: 'projects', layout: 'hive' }, 'this run writes hive/json.')
  })

  it('accepts a state written before the fields, and records them with its next write', async () => {
    await run()
    const older = await recorded()
    delete older.layout
    delete older.format
    await writeFile(join(dir, KEY), `${JSON.stringify(older, null, 2)}\n`)

    // An unchanged rerun: the fields alone are no reason to write the state.
    const before = await everything()
    expect((await run()).daysWritten).toBe(0)
    expect(await everything()).toEqual(before)
    expect(await recorded()).not.toHaveProperty('layout')

    // A change in the window writes the day and the state, which now holds the fields.
    const entry = h.harvest.entries.find((item) => item.spent_date === '2025-03-03')!
    h.harvest.update(entry.id, { notes: 'edited after the state was written' })
    expect((await run()).daysWritten).toBe(1)
    expect(await recorded()).toMatchObject({ layout: 'flat', format: 'json' })
    await expectRefused({ layout: 'hive' }, 'is flat/json (recorded in')
  })
})

describe("the archive's layout and format bind its prefix (Harvest simulator, S3 server)", () => {
  let h: Harness

  beforeAll(async () => {
    h = await new Harness().start({ entries: 400 })
  })
  afterAll(async () => {
    await h?.stop()
  })

  it('refuses a hive run on a flat prefix with no PUT and no Harvest request', async () => {
    await h.run()
    const before = await h.s3.snapshot('harvest/', true)
    h.s3.resetCounts()
    h.harvest.resetStats()
    const error = await h.failure({ layout: 'hive' })
    expect(error.message).toContain('is flat/json (recorded in')
    expect(error.message).toContain('but this run writes hive/json. Nothing was written.')
    expect(h.s3.count('put') + h.s3.stateCount('put')).toBe(0)
    expect(h.harvest.requestLog).toEqual([])
    expect(await h.s3.snapshot('harvest/', true)).toEqual(before)
  })
})
