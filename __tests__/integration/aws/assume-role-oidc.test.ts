import * as core from '@actions/core'
import type { AwsSettings } from '../../../src/config/config.js'
import { ExportError } from '../../../src/errors.js'
import { assumeRoleWithOidc, type OidcDependencies } from '../../../src/aws/oidc.js'
import { fakeJwt, githubClaims } from '../../support/jwt.js'
import { StsDouble } from '../../support/sts-double.js'

const ROLE = 'arn:aws:iam::123456789012:role/harvest-export'
const FAST = { attempts: 4, baseDelayMs: 5, maxDelayMs: 20 }

const settings = (overrides: Partial<AwsSettings> = {}): AwsSettings => ({
  region: 'eu-central-1',
  roleToAssume: ROLE,
  roleSessionName: 'harvest-s3-export',
  roleDurationSeconds: 3600,
  audience: 'sts.amazonaws.com',
  ...overrides
})

/** Dependencies that record, in one list, what was masked and logged and in which order. */
function recordingDeps(token = fakeJwt(githubClaims('sts.amazonaws.com'))) {
  const events: Array<{ kind: 'mask' | 'log'; text: string }> = []
  const audiences: string[] = []
  const deps: OidcDependencies = {
    getIdToken: (audience) => {
      audiences.push(audience)
      return Promise.resolve(token)
    },
    mask: (secret) => events.push({ kind: 'mask', text: secret }),
    log: (message) => events.push({ kind: 'log', text: message }),
    retry: FAST
  }
  return {
    deps,
    events,
    audiences,
    token,
    logs: () => events.filter((e) => e.kind === 'log').map((e) => e.text)
  }
}

async function failure(promise: Promise<unknown>): Promise<ExportError> {
  try {
    await promise
  } catch (error) {
    expect(error).toBeInstanceOf(ExportError)
    return error as ExportError
  }
  throw new Error('expected the role assumption to fail')
}

describe('assumeRoleWithOidc against a local STS (Query protocol)', () => {
  const sts = new StsDouble()
  const TOUCHED = [
    'AWS_ENDPOINT_URL_STS',
    'AWS_CONFIG_FILE',
    'AWS_SHARED_CREDENTIALS_FILE',
    'ACTIONS_ID_TOKEN_REQUEST_URL',
    'ACTIONS_ID_TOKEN_REQUEST_TOKEN'
  ]
  const saved = Object.fromEntries(TOUCHED.map((name) => [name, process.env[name]]))

  beforeAll(async () => {
    await sts.start()
    // The SDK's standard endpoint override: the same code path users rely on for private endpoints.
    process.env.AWS_ENDPOINT_URL_STS = sts.endpoint
    process.env.AWS_CONFIG_FILE = '/nonexistent/aws-config'
    process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/aws-credentials'
  })

  afterAll(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
    await sts.stop()
  })

  beforeEach(() => sts.reset())

  it('exchanges the OIDC token for the role credentials, masking all three before logging anything', async () => {
    const { deps, events, audiences, token, logs } = recordingDeps()
    const credentials = await assumeRoleWithOidc(
      settings({ roleDurationSeconds: 900, roleSessionName: 'nightly-export' }),
      deps
    )

    expect(credentials).toEqual(sts.credentials)
    expect(audiences).toEqual(['sts.amazonaws.com'])
    expect(sts.requests).toHaveLength(1)
    expect(sts.requests[0].params).toMatchObject({
      Action: 'AssumeRoleWithWebIdentity',
      RoleArn: ROLE,
      RoleSessionName: 'nightly-export',
      DurationSeconds: '900',
      WebIdentityToken: token
    })
    // The call is unsigned: no credentials of any kind go to STS.
    expect(sts.requests[0].headers.authorization).toBeUndefined()

    const masked = events.filter((e) => e.kind === 'mask').map((e) => e.text)
    expect(masked.sort()).toEqual(Object.values(sts.credentials).sort())
    const firstLog = events.findIndex((e) => e.kind === 'log')
    expect(events.slice(0, 3).every((e) => e.kind === 'mask')).toBe(true)
    expect(firstLog).toBe(3)
    expect(logs()).toHaveLength(1)
    expect(logs()[0]).toContain(
      `Assumed ${ROLE} as arn:aws:sts::123456789012:assumed-role/harvest-export/nightly-export`
    )
    const expiry = new Date(/expire at (\S+)\.$/.exec(logs()[0])![1]).getTime()
    expect(Math.abs(expiry - (Date.now() + 900_000))).toBeLessThan(60_000)
    const { accessKeyId, secretAccessKey, sessionToken } = sts.credentials
    for (const secret of [accessKeyId, secretAccessKey, sessionToken, token])
      expect(logs().join('\n')).not.toContain(secret)
  })

  it('requests the token for the audience input', async () => {
    const { deps, audiences } = recordingDeps()
    await assumeRoleWithOidc(settings({ audience: 'https://github.com/acme' }), deps)
    expect(audiences).toEqual(['https://github.com/acme'])
  })

  it('retries Throttling and 5xx answers with backoff, then succeeds', async () => {
    sts.faults = ['throttling', 'internal-error', 'unavailable-html']
    const { deps, logs } = recordingDeps()
    const credentials = await assumeRoleWithOidc(settings(), deps)
    expect(credentials.sessionToken).toBe(sts.credentials.sessionToken)
    expect(sts.requests.map((r) => r.status)).toEqual([400, 500, 503, 200])
    const retries = logs().filter((line) => line.includes('retrying in'))
    expect(retries).toHaveLength(3)
    expect(retries[0]).toContain('Throttling (HTTP 400): Rate exceeded')
    expect(retries[1]).toContain('InternalFailure (HTTP 500)')
    expect(retries[2]).toContain('HTTP 503')
  })

  it('retries IDPCommunicationError and dropped connections', async () => {
    sts.faults = ['idp-communication', 'reset']
    const { deps, logs } = recordingDeps()
    const credentials = await assumeRoleWithOidc(settings(), deps)
    expect(credentials.accessKeyId).toBe(sts.credentials.accessKeyId)
    expect(sts.requests.map((r) => r.status)).toEqual([400, -1, 200])
    expect(logs().filter((line) => line.includes('retrying in'))).toHaveLength(2)
  })

  it('gives up after the configured attempts, naming the last fault and masking nothing', async () => {
    sts.persistentFault = 'throttling'
    const { deps, events } = recordingDeps()
    const error = await failure(assumeRoleWithOidc(settings(), deps))
    expect(sts.requests).toHaveLength(FAST.attempts)
    expect(error.message).toContain(`still failed after ${FAST.attempts} attempts`)
    expect(error.message).toContain('Throttling (HTTP 400): Rate exceeded')
    expect(events.filter((e) => e.kind === 'mask')).toHaveLength(0)
  })

  it('fails fast on AccessDenied, saying which trust-policy conditions to check against the job subject', async () => {
    sts.persistentFault = 'access-denied'
    const { deps } = recordingDeps()
    const error = await failure(assumeRoleWithOidc(settings(), deps))
    expect(sts.requests).toHaveLength(1)
    expect(error.message).toContain(
      `STS refused to let this workflow assume ${ROLE}: AccessDenied (HTTP 403)`
    )
    expect(error.message).toContain('trust policy')
    expect(error.message).toContain(
      'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com'
    )
    expect(error.message).toContain(
      'token.actions.githubusercontent.com:aud must equal the audience input "sts.amazonaws.com"'
    )
    expect(error.message).toContain(
      'token.actions.githubusercontent.com:sub must match this job\'s subject "repo:acme/timesheets:ref:refs/heads/main"'
    )
    expect(error.message).toContain('repo:OWNER/REPO:*')
  })

  it('fails fast on InvalidIdentityToken with advice on the OIDC provider and its audience', async () => {
    sts.persistentFault = 'invalid-token'
    const { deps } = recordingDeps(fakeJwt(githubClaims('my-audience')))
    const error = await failure(assumeRoleWithOidc(settings({ audience: 'my-audience' }), deps))
    expect(sts.requests).toHaveLength(1)
    expect(error.message).toContain('InvalidIdentityToken')
    expect(error.message).toContain(
      'IAM OIDC identity provider for https://token.actions.githubusercontent.com'
    )
    expect(error.message).toContain('include "my-audience"')
  })

  it('explains a role-duration-seconds above the role maximum (ValidationError) without retrying', async () => {
    sts.persistentFault = 'duration-too-long'
    const { deps } = recordingDeps()
    const error = await failure(assumeRoleWithOidc(settings({ roleDurationSeconds: 43200 }), deps))
    expect(sts.requests).toHaveLength(1)
    expect(error.message).toContain('MaxSessionDuration')
    expect(error.message).toContain('Check role-duration-seconds (43200')
  })

  it('asks for `permissions: id-token: write` when the runner offers no token, without calling STS', async () => {
    delete process.env.ACTIONS_ID_TOKEN_REQUEST_URL
    delete process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN
    const { deps } = recordingDeps()
    // The real @actions/core: its wording of the missing variables is what must be recognised.
    const error = await failure(
      assumeRoleWithOidc(settings(), {
        ...deps,
        getIdToken: (audience) => core.getIDToken(audience)
      })
    )
    expect(error.message).toContain('`permissions: id-token: write`')
    expect(error.message).not.toContain('ACTIONS_ID_TOKEN_REQUEST')
    expect(sts.requests).toHaveLength(0)
  })

  it('reports any other token failure on one line, without calling STS', async () => {
    const { deps } = recordingDeps()
    const getIdToken = (): Promise<string> =>
      Promise.reject(
        new Error(
          'Failed to get ID Token. \n \n        Error Code : 500\n \n        Error Message: boom'
        )
      )
    const error = await failure(assumeRoleWithOidc(settings(), { ...deps, getIdToken }))
    expect(error.message).toBe(
      'Could not get the workflow\'s OIDC token for audience "sts.amazonaws.com": Failed to get ID Token. Error Code : 500 Error Message: boom'
    )
    expect(sts.requests).toHaveLength(0)
  })
})
