import { rm } from 'node:fs/promises'
import { main } from '../../src/cli/main.js'
import type { TimeEntry } from '../../src/harvest/types.js'
import { handler } from '../../src/lambda.js'
import { Harness, tempDir } from '../support/harness.js'
import { captureOutput } from '../support/captured-output.js'

/**
 * Changes to closed time as the CLI and the Lambda function report them (README, Changes to
 * closed time): `closed_changes` in `--json` and the Lambda result, the table on the
 * terminal, and `on-closed-change: fail` failing each face after the run wrote everything.
 */
const FROM = '2025-01-01'
const TO = '2025-01-31'

describe('changes to closed time in the CLI and the Lambda function', () => {
  let h: Harness
  let dir: string
  const output = captureOutput()
  const touched = new Set<number>()

  const invoiced = (): TimeEntry => {
    const found = h.harvest.entries.find(
      (entry) => !touched.has(entry.id) && entry.invoice !== null && entry.is_running !== true
    )
    if (!found) throw new Error('no invoiced entry')
    touched.add(found.id)
    // A copy: the simulator edits its entries in place.
    return structuredClone(found)
  }

  const cli = (...flags: string[]) =>
    main(['--out-dir', dir, '--prefix', 'harvest/', '--from', FROM, '--to', TO, ...flags], {
      ...h.cliEnv()
    })

  beforeAll(async () => {
    h = await new Harness().start({ entries: 150, from: FROM, to: TO, seed: 3 })
    dir = await tempDir()
  })

  afterAll(async () => {
    await h.stop()
    await rm(dir, { recursive: true, force: true })
  })

  it('the CLI: --json lists closed_changes; fail exits 1 after writing, the next run exits 0', async () => {
    expect(await cli('--json')).toBe(0)
    expect((JSON.parse(output.stdout()) as Record<string, unknown>).closed_changes).toEqual([])

    const entry = invoiced()
    h.harvest.update(entry.id, { hours: 0.5 })
    output.clear()
    expect(await cli('--json', '--on-closed-change', 'fail')).toBe(1)
    const failed = JSON.parse(output.stdout()) as {
      error: string
      'closed-changes': number
      'days-written': number
      closed_changes: Array<{ id: number; change: string; after: TimeEntry }>
    }
    expect(failed.error).toContain('1 entry that was')
    expect(failed['closed-changes']).toBe(1)
    expect(failed['days-written']).toBe(1)
    expect(failed.closed_changes.map((change) => change.id)).toEqual([entry.id])
    expect(failed.closed_changes[0].change).toBe(`hours ${entry.hours} -> 0.5`)
    expect(failed.closed_changes[0].after.hours).toBe(0.5)

    output.clear()
    expect(await cli('--json', '--on-closed-change', 'fail')).toBe(0)
    expect(JSON.parse(output.stdout())).toMatchObject({ 'closed-changes': 0, closed_changes: [] })
  })

  it('the CLI without --json prints the summary with the table, then fails', async () => {
    const entry = invoiced()
    h.harvest.remove(entry.id)
    expect(await cli('--on-closed-change', 'fail')).toBe(1)
    const text = output.stdout()
    expect(text).toContain('changes to closed time: 1 locked, approved or invoiced entry changed')
    expect(text).toContain(`#${entry.id}`)
    expect(text).toContain('deleted')
  })

  it('the Lambda function returns closed_changes, and throws with fail', async () => {
    const saved = { ...process.env }
    Object.assign(process.env, {
      ...h.cliEnv(),
      S3_BUCKET_NAME: h.s3.bucket,
      S3_ENDPOINT: h.s3.endpoint,
      S3_PREFIX: 'lambda/',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER'
    })
    try {
      const event = { from: FROM, to: TO }
      expect(await handler(event)).toMatchObject({ 'closed-changes': 0, closed_changes: [] })
      const entry = invoiced()
      h.harvest.update(entry.id, { billable: false })
      const result = await handler(event)
      expect(result['closed-changes']).toBe(1)
      const listed = result.closed_changes as Array<{ id: number; change: string }>
      expect(listed.map((change) => change.id)).toEqual([entry.id])
      expect(listed[0].change).toBe('billable true -> false')

      const other = invoiced()
      h.harvest.update(other.id, { hours: 9 })
      process.env.ON_CLOSED_CHANGE = 'fail'
      await expect(handler(event)).rejects.toMatchObject({
        name: 'ClosedTimeChanged',
        message: expect.stringContaining('1 entry that was') as unknown
      })
      expect(await handler(event)).toMatchObject({ 'closed-changes': 0, 'days-written': 0 })
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key]
      Object.assign(process.env, saved)
    }
  })
})
