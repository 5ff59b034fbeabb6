import { resolve } from 'node:path'
import { buildLambdaZip } from '../../src/publish/lambda-zip.js'
import { Harness } from '../support/harness.js'
import { parseJson } from '../support/json.js'
import { LambdaSandbox } from '../support/lambda-sandbox.js'
import { CLI, runAction, runNode } from '../support/processes.js'
import { removeDir, tempDir } from '../support/harness.js'

const ARCHIVE = { from: '2025-01-01', to: '2025-03-31' }

interface VerifyJson {
  problems: Array<{ kind: string; key: string; detail: string }>
  days_checked: number
  repairs: string[]
}

/** Each face once: the archive whole, then one damaged file reported with its repair. */
describe('verify, face by face (bundles and the Lambda zip)', () => {
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

  /** A fresh archive under `prefix`, and the key of one of its day files, then truncated. */
  const archive = async (prefix: string) => {
    await h.run({ ...ARCHIVE, 's3-prefix': prefix, 'late-edits': 'ignore' })
    const keys = [...(await h.s3.snapshot(prefix)).keys()].filter((key) => /\d{8}\.json$/.test(key))
    return {
      days: keys.length,
      damage: async () => {
        await h.s3.putText(keys[3], '[{"id": 1')
        return keys[3]
      }
    }
  }

  it('CLI: exits 0 on a whole archive, 1 with the problem and the command that repairs it', async () => {
    const { days, damage } = await archive('cli/')
    const env = { ...h.s3.awsEnv(), ...h.cliEnv() }
    const args = ['--bucket', h.s3.bucket, '--endpoint', h.s3.endpoint, '--prefix', 'cli/']
    const whole = await runNode(CLI, ['verify', ...args, '--json'], env)
    expect(whole.code).toBe(0)
    expect(parseJson<VerifyJson>(whole.stdout)).toMatchObject({ problems: [], days_checked: days })
    const key = await damage()
    const damaged = await runNode(CLI, ['verify', ...args], env)
    expect(damaged.code).toBe(1)
    expect(damaged.stdout).toMatch(new RegExp(`unreadable +${key} +not valid JSON`))
    const repair = /^ {2}(harvest-s3-export .*)$/m.exec(damaged.stdout)?.[1]
    expect(repair).toBe(`harvest-s3-export ${args.join(' ')} --from 2025-01-01 --to 2025-01-31`)
    const repaired = await runNode(CLI, repair!.split(' ').slice(1), env)
    expect(repaired.code).toBe(0)
    expect((await runNode(CLI, ['verify', ...args, '--json'], env)).code).toBe(0)
    expect(damaged.stdout + damaged.stderr).not.toContain(h.harvest.token)
  })

  it('action: outputs verify-problems and verified-days, the job summary lists problem and repair', async () => {
    const { days, damage } = await archive('action/')
    const inputs = {
      ...Object.fromEntries(
        Object.entries(h.settings({ 's3-prefix': 'action/', command: 'verify' }))
      ),
      'harvest-url': h.harvest.url
    }
    const whole = await runAction(dir, inputs, h.s3.awsEnv())
    expect(whole.code).toBe(0)
    expect(whole.outputs).toMatchObject({ 'verify-problems': '0', 'verified-days': String(days) })
    const key = await damage()
    const damaged = await runAction(dir, inputs, h.s3.awsEnv())
    expect(damaged.code).toBe(1)
    expect(damaged.outputs['verify-problems']).toBe('1')
    expect(damaged.summary).toContain(`| unreadable | \`${key}\` | not valid JSON |`)
    expect(damaged.summary).toContain('command: export, from: 2025-01-01, to: 2025-01-31')
    expect(damaged.stdout).toContain('::error::The archive is not whole')
  })

  it('Lambda: {"command": "verify"} returns the report when whole and fails the invocation when not', async () => {
    const { days, damage } = await archive('lambda/')
    const lambda = await LambdaSandbox.unpack(await buildLambdaZip(resolve('dist/lambda')))
    try {
      const env = {
        ...h.s3.awsEnv(),
        ...h.cliEnv(),
        S3_BUCKET_NAME: h.s3.bucket,
        S3_ENDPOINT: h.s3.endpoint,
        S3_PREFIX: 'lambda/'
      }
      const whole = await lambda.invoke([{ command: 'verify' }], env)
      expect(whole.outcomes[0].value).toMatchObject({ problems: [], days_checked: days })
      const key = await damage()
      const damaged = await lambda.invoke([{ command: 'verify' }], env)
      expect(damaged.outcomes[0].error).toMatchObject({ name: 'ArchiveNotWholeError' })
      const message = String(damaged.outcomes[0].error?.message)
      expect(message).toContain(`unreadable ${key}: not valid JSON`)
      expect(message).toContain('the event {"from": "2025-01-01", "to": "2025-01-31"}')
      const logged = damaged.logs.find((line) => line.verify !== undefined)
      expect((logged?.verify as VerifyJson).problems).toEqual([
        { kind: 'unreadable', key, detail: 'not valid JSON' }
      ])
    } finally {
      await lambda.dispose()
    }
  })
})
