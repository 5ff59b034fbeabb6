import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Harness, readTree, removeDir, tempDir } from '../support/harness.js'
import {
  ACTION,
  CLI,
  actionInputs,
  parseOutputs,
  runNode,
  withoutMaskCommands
} from '../support/processes.js'
import { DirStore } from '../../src/store/dir-store.js'

/**
 * The access token must never appear in any output, log, summary, error or stored object.
 * Each scenario runs the bundled action or CLI and greps everything it produced.
 */
describe('the access token never leaks', () => {
  let h: Harness
  let dir: string

  beforeAll(async () => {
    h = await new Harness().start({
      entries: 300,
      from: '2025-01-01',
      to: '2025-03-31',
      token: 'hvst-SECRET-7f3a9c1e-token'
    })
  })

  afterAll(async () => {
    await h.stop()
  })

  beforeEach(async () => {
    dir = await tempDir()
  })

  afterEach(async () => {
    await removeDir(dir)
  })

  interface ActionRun {
    code: number | null
    stdout: string
    outputs: Record<string, string>
    summary: string
    objects: Map<string, string>
    /** Everything the run produced, where the token must not appear. */
    texts: string[]
  }

  async function runAction(inputs: Record<string, string>): Promise<ActionRun> {
    await writeFile(join(dir, 'output'), '')
    await writeFile(join(dir, 'summary'), '')
    const result = await runNode(ACTION, [], {
      ...h.s3.awsEnv(),
      ...actionInputs({ from: '2025-02-01', to: '2025-02-10', ...inputs }),
      GITHUB_OUTPUT: join(dir, 'output'),
      GITHUB_STEP_SUMMARY: join(dir, 'summary')
    })
    const output = await readFile(join(dir, 'output'), 'utf8')
    const summary = await readFile(join(dir, 'summary'), 'utf8')
    const objects = await h.s3.snapshot()
    return {
      code: result.code,
      stdout: withoutMaskCommands(result.stdout),
      outputs: parseOutputs(output),
      summary,
      objects,
      texts: [
        withoutMaskCommands(result.stdout),
        result.stderr,
        output,
        summary,
        ...objects.values()
      ]
    }
  }

  const leaks = (texts: string[], secret: string) => texts.filter((text) => text.includes(secret))
  const entriesIn = (from: string, to: string) =>
    h.harvest.entries.filter((entry) => entry.spent_date >= from && entry.spent_date <= to).length

  /** What each run must visibly do, so a run that printed nothing could not pass. */
  const succeeded = (prefix: string, dryRun: boolean) => (run: ActionRun) => {
    expect(run.code).toBe(0)
    expect(run.outputs).toMatchObject({
      'window-from': '2025-02-01',
      'window-to': '2025-02-10',
      entries: String(entriesIn('2025-02-01', '2025-02-10'))
    })
    expect(Number(run.outputs['days-written'])).toBeGreaterThan(0)
    expect(run.summary).toContain('2025-02-01 → 2025-02-10')
    const stored = [...run.objects.keys()].filter((key) => key.startsWith(prefix))
    expect(stored.length).toBe(dryRun ? 0 : Number(run.outputs['days-written']))
  }
  const failed = (message: RegExp) => (run: ActionRun) => {
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(message)
    expect(run.outputs).toEqual({})
  }

  it.each<[string, Record<string, string>, (run: ActionRun) => void]>([
    ['a successful export', {}, succeeded('harvest/', false)],
    ['a dry run', { 'dry-run': 'true', 's3-prefix': 'dry/' }, succeeded('dry/', true)],
    // Its own prefix: the state under harvest/ binds that prefix to the first run's account.
    [
      'an account the token cannot reach (404)',
      { 'harvest-account-id': '1', 's3-prefix': 'other-account/' },
      failed(/^::error::.*404/m)
    ],
    [
      'bad input next to the token',
      { 'days-back': 'x\ny' },
      failed(/^::error::Invalid input days-back/m)
    ],
    [
      'a token with a newline in it',
      { 'harvest-access-token': 'hvst-SECRET-7f3a9c1e-token\nsecond-line' },
      failed(/^::error::.*harvest-access-token/m)
    ],
    [
      'an unreachable Harvest',
      { 'harvest-url': 'http://127.0.0.1:9/v2/time_entries' },
      failed(/^::error::.*(Harvest|127\.0\.0\.1:9)/m)
    ]
  ])('in %s', async (_name, extra, expectOutcome) => {
    const run = await runAction({ ...h.settings(), ...extra })
    expectOutcome(run)
    expect(leaks(run.texts, h.harvest.token)).toEqual([])
  })

  it('in the CLI, whatever the outcome', async () => {
    const runs = []
    for (const extra of [
      [],
      ['--days-back', 'oops'],
      ['--from', '2025-02-01', '--to', '2025-02-03', '--json']
    ]) {
      const result = await runNode(
        CLI,
        ['--out-dir', dir, '--from', '2025-02-01', '--to', '2025-02-05', ...extra],
        h.cliEnv()
      )
      const files = [...(await readTree(dir)).values()]
      expect(leaks([result.stdout, result.stderr, ...files], h.harvest.token)).toEqual([])
      runs.push({ ...result, files: files.length })
    }
    // Each run did what it should, visibly: an export, a usage error, a JSON summary.
    expect(runs[0]).toMatchObject({ code: 0 })
    expect(runs[0].files).toBeGreaterThan(0)
    expect(runs[0].stdout).toContain('window 2025-02-01..2025-02-05')
    expect(runs[1].code).toBe(2)
    expect(runs[1].stderr).toContain('Invalid --days-back "oops"')
    expect(runs[2].code).toBe(0)
    expect(JSON.parse(runs[2].stdout)).toMatchObject({
      'window-from': '2025-02-01',
      'window-to': '2025-02-03',
      entries: entriesIn('2025-02-01', '2025-02-03')
    })
  })
})

describe('keys never leave the prefix', () => {
  it('the directory store refuses keys that climb out of its folder', async () => {
    const dir = await tempDir()
    try {
      const store = new DirStore(join(dir, 'out'))
      const options = { contentType: 'application/json', sha256: '', md5: '' }
      await expect(store.put('../escape.json', Buffer.from('x'), options)).rejects.toThrow(
        'would leave'
      )
      await expect(store.put('a/../../escape.json', Buffer.from('x'), options)).rejects.toThrow(
        'would leave'
      )
      expect(await readTree(dir)).toEqual(new Map())
    } finally {
      await removeDir(dir)
    }
  })
})
