import { main } from '../../../src/cli/main.js'
import { captureOutput } from '../../support/captured-output.js'

/** `--json` keeps stdout one JSON object also when the settings are refused (exit 2). */
describe('the CLI with --json and bad settings', () => {
  const output = captureOutput()

  const env = { HARVEST_ACCOUNT_ID: '123456', HARVEST_ACCESS_TOKEN: 'secret-token-value-123' }

  it('prints the error as one object on stdout and still exits 2', async () => {
    const code = await main(['--from', '2026-02-30', '--out-dir', 'unused', '--json'], env)
    expect(code).toBe(2)
    const message =
      'Invalid --from "2026-02-30": expected a date that exists (2026-02-30 does not: February 2026 has 28 days).'
    expect(JSON.parse(output.stdout())).toEqual({ error: message })
    expect(output.stderr()).toBe(`harvest-s3-export: ${message}\n`)
  })

  it('answers an unknown flag in JSON too', async () => {
    expect(await main(['--json', '--days-bak', '3'], env)).toBe(2)
    const body = JSON.parse(output.stdout()) as Record<string, unknown>
    expect(Object.keys(body)).toEqual(['error'])
    expect(body.error).toContain("Unknown option '--days-bak'")
  })

  it('prints nothing on stdout without --json', async () => {
    expect(await main(['--from', '2026-02-30', '--out-dir', 'unused'], env)).toBe(2)
    expect(output.stdout()).toBe('')
  })
})
