import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Harness, readTree, removeDir, tempDir } from '../support/harness.js'
import { ACTION, CLI, actionInputs, runNode, withoutMaskCommands } from '../support/processes.js'
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

  async function everythingFromAction(inputs: Record<string, string>): Promise<string[]> {
    await writeFile(join(dir, 'output'), '')
    await writeFile(join(dir, 'summary'), '')
    const result = await runNode(ACTION, [], {
      ...h.s3.awsEnv(),
      ...actionInputs({ from: '2025-02-01', to: '2025-02-10', ...inputs }),
      GITHUB_OUTPUT: join(dir, 'output'),
      GITHUB_STEP_SUMMARY: join(dir, 'summary')
    })
    const objects = [...(await h.s3.snapshot()).values()]
    return [
      withoutMaskCommands(result.stdout),
      result.stderr,
      await readFile(join(dir, 'output'), 'utf8'),
      await readFile(join(dir, 'summary'), 'utf8'),
      ...objects
    ]
  }

  const leaks = (texts: string[], secret: string) => texts.filter((text) => text.includes(secret))

  it.each([
    ['a successful export', {}],
    ['a dry run', { 'dry-run': 'true' }],
    ['a rejected account (403)', { 'harvest-account-id': '1' }],
    ['bad input next to the token', { 'days-back': 'x\ny' }],
    [
      'a token with a newline in it',
      { 'harvest-access-token': 'hvst-SECRET-7f3a9c1e-token\nsecond-line' }
    ],
    ['an unreachable Harvest', { 'harvest-url': 'http://127.0.0.1:9/v2/time_entries' }]
  ])('in %s', async (_name, extra) => {
    const texts = await everythingFromAction({ ...h.settings(), ...extra })
    expect(texts.join('\n').length).toBeGreaterThan(0)
    expect(leaks(texts, h.harvest.token)).toEqual([])
  })

  it('in the CLI, whatever the outcome', async () => {
    for (const extra of [
      [],
      ['--days-back', 'oops'],
      ['--from', '2025-02-01', '--to', '2025-02-03', '--json']
    ]) {
      const result = await runNode(
        CLI,
        ['--out-dir', dir, '--from', '2025-02-01', '--to', '2025-02-02', ...extra],
        h.cliEnv()
      )
      const files = [...(await readTree(dir)).values()]
      expect(leaks([result.stdout, result.stderr, ...files], h.harvest.token)).toEqual([])
    }
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
