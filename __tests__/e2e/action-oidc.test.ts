import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { addDays } from '../../src/util/calendar.js'
import { Harness, expectedDayFiles, removeDir, tempDir } from '../support/harness.js'
import {
  ACTION,
  actionInputs,
  parseOutputs,
  runNode,
  withoutMaskCommands
} from '../support/processes.js'
import { OidcTokenServer } from '../support/oidc-token-server.js'
import { StsDouble } from '../support/sts-double.js'

const ROLE = 'arn:aws:iam::123456789012:role/harvest-export'

describe('the bundled action with role-to-assume (OIDC -> STS -> S3), run as GitHub runs it', () => {
  let h: Harness
  let dir: string
  const oidc = new OidcTokenServer()
  // s3rver knows only the key id S3RVER and checks no signature, so the secret can be distinctive.
  const sts = new StsDouble({
    accessKeyId: 'S3RVER',
    secretAccessKey: 'sts-secret-0d9f3c1b7a',
    sessionToken: 'sts-session-token-FwoGZXIvYXdzE-e2e-8c1d'
  })

  beforeAll(async () => {
    const today = new Date().toISOString().slice(0, 10)
    h = await new Harness().start({
      entries: 300,
      from: addDays(today, -60),
      to: addDays(today, 5)
    })
    await oidc.start()
    await sts.start()
  })

  afterAll(async () => {
    await h.stop()
    await oidc.stop()
    await sts.stop()
  })

  beforeEach(async () => {
    dir = await tempDir()
    await writeFile(join(dir, 'output'), '')
    await writeFile(join(dir, 'summary'), '')
    sts.reset()
    oidc.requests = []
    oidc.issued = []
    h.s3.resetCounts()
  })

  afterEach(async () => {
    await removeDir(dir)
  })

  /** Deliberately no AWS_ACCESS_KEY_ID: the only way to S3 is the role's credentials. */
  async function runAction(
    inputs: Record<string, string>,
    idTokenEnv: Record<string, string> = oidc.env()
  ) {
    const result = await runNode(ACTION, [], {
      AWS_REGION: 'us-east-1',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: join(dir, 'no-aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-aws-credentials'),
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      AWS_ENDPOINT_URL_STS: sts.endpoint,
      ...idTokenEnv,
      ...actionInputs({ 'days-back': '30', 'role-to-assume': ROLE, ...h.settings(), ...inputs }),
      GITHUB_OUTPUT: join(dir, 'output'),
      GITHUB_STEP_SUMMARY: join(dir, 'summary'),
      GITHUB_REPOSITORY: 'acme/timesheets',
      RUNNER_TEMP: dir
    })
    return { ...result, outputs: parseOutputs(await readFile(join(dir, 'output'), 'utf8')) }
  }

  it('exports with the assumed role: every S3 request carries the STS session token, and no secret is printed', async () => {
    const result = await runAction({})
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)

    // The runner's token service was asked for the default audience with its request token.
    expect(oidc.requests).toEqual([
      { audience: 'sts.amazonaws.com', authorization: `Bearer ${oidc.requestToken}` }
    ])
    expect(sts.requests).toHaveLength(1)
    expect(sts.requests[0].params).toMatchObject({
      RoleArn: ROLE,
      RoleSessionName: 'harvest-s3-export',
      DurationSeconds: '3600',
      WebIdentityToken: oidc.issued[0]
    })

    expect(h.s3.requests.length).toBeGreaterThan(1)
    for (const request of h.s3.requests) {
      expect(request.headers['x-amz-security-token']).toBe(sts.credentials.sessionToken)
      expect(request.headers.authorization).toContain('Credential=S3RVER/')
    }

    const today = new Date().toISOString().slice(0, 10)
    const from = addDays(today, -30)
    const expected = expectedDayFiles(h.harvest.entries, from, today)
    expect(await h.s3.snapshot()).toEqual(expected)
    expect(result.outputs).toMatchObject({
      'days-written': String(expected.size),
      'window-from': from,
      'window-to': today,
      deleted: '0'
    })
    expect(Object.keys(result.outputs).sort()).toEqual([
      'added',
      'closed-changes',
      'days-emptied',
      'days-unchanged',
      'days-written',
      'deleted',
      'entries',
      'harvest-requests',
      'late-days-written',
      'resources-written',
      'tables-written',
      'updated',
      'window-from',
      'window-to'
    ])

    const { accessKeyId, secretAccessKey, sessionToken } = sts.credentials
    for (const secret of [accessKeyId, secretAccessKey, sessionToken, oidc.issued[0]]) {
      expect(result.stdout).toContain(`::add-mask::${secret}\n`)
      expect(withoutMaskCommands(result.stdout)).not.toContain(secret)
    }
    expect(result.stdout).toMatch(
      /Assumed arn:aws:iam::123456789012:role\/harvest-export as arn:aws:sts::123456789012:assumed-role\/harvest-export\/harvest-s3-export; credentials expire at \d{4}-/
    )
    expect(await readFile(join(dir, 'summary'), 'utf8')).not.toContain(sessionToken)
  })

  it('passes audience, role-session-name and role-duration-seconds through to the token service and STS', async () => {
    const result = await runAction({
      audience: 'https://github.com/acme',
      'role-session-name': 'nightly',
      'role-duration-seconds': '900'
    })
    expect(result.code).toBe(0)
    expect(oidc.requests.map((request) => request.audience)).toEqual(['https://github.com/acme'])
    expect(sts.requests[0].params).toMatchObject({
      RoleSessionName: 'nightly',
      DurationSeconds: '900',
      WebIdentityToken: oidc.issued[0]
    })
  })

  it('fails asking for `permissions: id-token: write` when the job has no OIDC token, before any Harvest or S3 request', async () => {
    const harvestBefore = h.harvest.stats.requests
    const result = await runAction({}, {})
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(/^::error::.*`permissions: id-token: write`/m)
    expect(h.harvest.stats.requests).toBe(harvestBefore)
    expect(h.s3.requests).toHaveLength(0)
    expect(sts.requests).toHaveLength(0)
    expect(result.outputs).toEqual({})
  })

  it('fails on AccessDenied with the trust-policy advice, before any Harvest or S3 request', async () => {
    sts.persistentFault = 'access-denied'
    const harvestBefore = h.harvest.stats.requests
    const result = await runAction({})
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(
      /^::error::STS refused to let this workflow assume arn:aws:iam::123456789012:role\/harvest-export: AccessDenied/m
    )
    expect(result.stdout).toContain(
      'token.actions.githubusercontent.com:sub must match this job\'s subject "repo:acme/timesheets:ref:refs/heads/main"'
    )
    expect(sts.requests).toHaveLength(1)
    expect(h.harvest.stats.requests).toBe(harvestBefore)
    expect(h.s3.requests).toHaveLength(0)
    expect(result.outputs).toEqual({})
  })
})
