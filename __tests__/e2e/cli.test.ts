import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Harness, expectedDayFiles, readTree, removeDir, tempDir } from '../support/harness.js'
import { CLI, runNode } from '../support/processes.js'

const WINDOW = ['--from', '2025-02-01', '--to', '2025-02-28']

describe('the bundled CLI (harvest-s3-export)', () => {
  let h: Harness
  let dir: string

  beforeAll(async () => {
    h = await new Harness().start({ entries: 600, from: '2025-01-01', to: '2025-03-31' })
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

  it('documents every option in --help', async () => {
    const result = await runNode(CLI, ['--help'], {})
    expect(result.code).toBe(0)
    for (const flag of [
      '--days-back',
      '--from',
      '--to',
      '--bucket',
      '--prefix',
      '--endpoint',
      '--out-dir',
      '--format',
      '--layout',
      '--latest-key',
      '--changes',
      '--timezone',
      '--dry-run',
      '--allow-empty',
      '--json',
      '--config'
    ]) {
      expect(result.stdout).toContain(flag)
    }
  })

  it('exports into a local directory with the Lambda environment variables and prints JSON', async () => {
    const out = join(dir, 'out')
    const result = await runNode(CLI, [...WINDOW, '--out-dir', out, '--json'], {
      ...h.cliEnv(),
      S3_PREFIX: 'harvest/'
    })
    expect(result.code).toBe(0)
    const files = await readTree(out)
    expect(files).toEqual(expectedDayFiles(h.harvest.entries, '2025-02-01', '2025-02-28'))
    const summary = JSON.parse(result.stdout)
    expect(summary).toMatchObject({
      'window-from': '2025-02-01',
      'window-to': '2025-02-28',
      'days-written': files.size,
      updated: 0
    })
    expect(result.stderr).toContain('== Fetch from Harvest')
    expect(result.stderr + result.stdout).not.toContain(h.harvest.token)
  })

  it("reads the original script's config.json and writes to S3", async () => {
    const config = join(dir, 'config.json')
    await writeFile(
      config,
      JSON.stringify({
        account_id: h.harvest.accountId,
        access_token: h.harvest.token,
        harvest_url: h.harvest.url,
        days_back: 7,
        aws: {
          access_key_id: 'S3RVER',
          secret_access_key: 'S3RVER',
          region: 'us-east-1',
          bucket_name: h.s3.bucket
        }
      })
    )
    const result = await runNode(
      CLI,
      ['--config', config, ...WINDOW, '--endpoint', h.s3.endpoint, '--prefix', 'cfg/'],
      {
        AWS_EC2_METADATA_DISABLED: 'true'
      }
    )
    expect(result.stderr).not.toContain('S3RVER')
    expect(result.code).toBe(0)
    expect(await h.s3.snapshot('cfg/')).toEqual(
      expectedDayFiles(h.harvest.entries, '2025-02-01', '2025-02-28', 'cfg/')
    )
    expect(result.stdout).toContain('window 2025-02-01..2025-02-28')
  })

  it('exits 2 on bad usage, naming the flag', async () => {
    const unknown = await runNode(CLI, ['--days-bak', '3'], h.cliEnv())
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('--days-bak')
    const bad = await runNode(CLI, ['--days-back', 'x', '--out-dir', dir], h.cliEnv())
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('Invalid --days-back "x"')
    const env = await runNode(CLI, ['--out-dir', dir], { ...h.cliEnv(), DAYS_BACK: '-5' })
    expect(env.code).toBe(2)
    expect(env.stderr).toContain('Invalid DAYS_BACK "-5"')
    expect(await readTree(dir)).toEqual(new Map())
  })

  it('exits 1 when the export fails, without printing the token', async () => {
    const result = await runNode(CLI, [...WINDOW, '--out-dir', dir], {
      ...h.cliEnv(),
      HARVEST_ACCOUNT_ID: '42'
    })
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('404')
    expect(result.stderr).not.toContain(h.harvest.token)
  })
})
