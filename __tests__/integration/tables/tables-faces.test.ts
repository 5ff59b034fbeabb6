import { jest } from '@jest/globals'
import { rm } from 'node:fs/promises'
import { main } from '../../../src/cli/main.js'
import { handler } from '../../../src/lambda.js'
import { Harness, tempDir } from '../../support/harness.js'
import { dirObjects, expectTablesExact } from '../../support/tables.js'
import { captureOutput } from '../../support/captured-output.js'

/**
 * Tables for queries as the CLI and the Lambda function report them (README, Tables for
 * queries): `tables-written` and the `tables` list in `--json` and the Lambda result, the
 * count on the terminal, and `--tables` / `TABLES` refused with the snapshot layout.
 */
const FROM = '2025-01-01'
const TO = '2025-02-28'
const KEYS = ['2025-01', '2025-02'].map(
  (month) => `harvest/tables/time_entries/spent_month=${month}/time_entries.parquet`
)

describe('tables in the CLI and the Lambda function', () => {
  let h: Harness
  let dir: string
  const output = captureOutput()

  const cli = (...flags: string[]) =>
    main(['--out-dir', dir, '--prefix', 'harvest/', '--from', FROM, '--to', TO, ...flags], {
      ...h.cliEnv()
    })

  beforeAll(async () => {
    h = await new Harness().start({ entries: 200, from: FROM, to: TO, seed: 4 })
    dir = await tempDir()
  })

  afterAll(async () => {
    await h.stop()
    await rm(dir, { recursive: true, force: true })
  })

  it('the CLI: --json gives tables-written and the tables list; the terminal gives the count', async () => {
    expect(await cli('--tables', 'parquet', '--json')).toBe(0)
    const json = JSON.parse(output.stdout()) as Record<string, unknown>
    expect(json['tables-written']).toBe(2)
    expect(json.tables).toEqual(KEYS)
    await expectTablesExact(await dirObjects(dir), 'harvest/')

    output.clear()
    expect(await cli('--tables', 'parquet')).toBe(0)
    expect(output.stdout()).toContain('tables written: 0')
  })

  it('the CLI refuses --tables parquet with --layout snapshot before any request', async () => {
    const before = h.harvest.stats.requests
    const errors: string[] = []
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      errors.push(String(chunk))
      return true
    })
    expect(await cli('--tables', 'parquet', '--layout', 'snapshot')).toBe(2)
    expect(errors.join('')).toContain(
      '--tables parquet needs day files: it works with --layout flat or hive, not snapshot.'
    )
    expect(h.harvest.stats.requests).toBe(before)
  })

  it('the Lambda function reads TABLES and returns the tables it wrote', async () => {
    const saved = { ...process.env }
    Object.assign(process.env, {
      ...h.cliEnv(),
      S3_BUCKET_NAME: h.s3.bucket,
      S3_ENDPOINT: h.s3.endpoint,
      S3_PREFIX: 'harvest/',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      TABLES: 'parquet'
    })
    try {
      const event = { from: FROM, to: TO }
      expect(await handler(event)).toMatchObject({ 'tables-written': 2, tables: KEYS })
      await expectTablesExact(await h.s3.objects('harvest/'), 'harvest/')
      expect(await handler(event)).toMatchObject({ 'tables-written': 0, tables: [] })
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key]
      Object.assign(process.env, saved)
    }
  })
})
