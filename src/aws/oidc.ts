import {
  AssumeRoleWithWebIdentityCommand,
  STSClient,
  STSServiceException
} from '@aws-sdk/client-sts'
import type { AwsSettings } from '../config/config.js'
import { ExportError, describeError, errorMessage, errorName, withAdvice } from '../errors.js'
import { RetryableError, retryNote, withRetry, type RetryPolicy } from '../util/retry.js'

export type Credentials = NonNullable<AwsSettings['credentials']>

export interface OidcDependencies {
  /** `core.getIDToken(audience)` in the action. */
  getIdToken(this: void, audience: string): Promise<string>
  /** `core.setSecret`: masked in every later log line. */
  mask(secret: string): void
  log(this: void, message: string): void
  /** Backoff for STS throttling and transient faults; tests shorten it. */
  retry?: RetryPolicy
}

/** About half a minute of patience in all, enough to ride out STS throttling bursts. */
const STS_RETRY: RetryPolicy = { attempts: 6, baseDelayMs: 1000, maxDelayMs: 15_000 }

/**
 * Assumes `settings.roleToAssume` with the workflow's OIDC token (STS
 * AssumeRoleWithWebIdentity) and returns temporary credentials for this step only: they are
 * handed to the step's own AWS clients, never exported to the environment or later steps.
 */
export async function assumeRoleWithOidc(
  settings: AwsSettings,
  dependencies: OidcDependencies
): Promise<Credentials> {
  const { roleToAssume: roleArn, audience, region } = settings
  if (!roleArn) throw new ExportError('role-to-assume is not set.')
  const webIdentityToken = await fetchIdToken(dependencies.getIdToken, audience)
  // Named fields only: the settings may hold static credentials, and this only words advice.
  const { roleDurationSeconds } = settings
  const context = {
    audience,
    region,
    roleDurationSeconds,
    roleArn,
    claims: tokenClaims(webIdentityToken)
  }
  // The call is unsigned, so no credentials are resolved. The SDK's own retries are off so that
  // every attempt is logged and counted once; a hung connection must turn into a retry.
  const client = new STSClient({
    region,
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 15_000 }
  })
  const input = {
    RoleArn: roleArn,
    RoleSessionName: settings.roleSessionName,
    DurationSeconds: settings.roleDurationSeconds,
    WebIdentityToken: webIdentityToken
  }
  try {
    const response = await withRetry(
      dependencies.retry ?? STS_RETRY,
      () =>
        client.send(new AssumeRoleWithWebIdentityCommand(input)).catch((error: unknown) => {
          throw classifyStsError(error, context)
        }),
      {
        onRetry: (error, delayMs) =>
          dependencies.log(
            `${retryNote(`STS AssumeRoleWithWebIdentity failed (${error.message})`, delayMs)}.`
          ),
        giveUp: (error, attempts) =>
          new ExportError(
            withAdvice(
              `STS AssumeRoleWithWebIdentity for ${roleArn} still failed after ${attempts} attempts: ${error.message}`,
              `STS${process.env.AWS_ENDPOINT_URL_STS ? ` (AWS_ENDPOINT_URL_STS=${process.env.AWS_ENDPOINT_URL_STS})` : ''} ` +
                `in ${region} is throttling or unreachable; rerun later.`
            ),
            { cause: error }
          )
      }
    )
    const { AccessKeyId, SecretAccessKey, SessionToken, Expiration } = response.Credentials ?? {}
    if (!AccessKeyId || !SecretAccessKey || !SessionToken)
      throw new ExportError(
        `STS answered AssumeRoleWithWebIdentity for ${roleArn} without complete credentials.`
      )
    // Masked before anything else is printed, so no later line (ours or a library's) shows them.
    for (const secret of [AccessKeyId, SecretAccessKey, SessionToken]) dependencies.mask(secret)
    const expiry = Expiration ? `; credentials expire at ${Expiration.toISOString()}` : ''
    const session = response.AssumedRoleUser?.Arn ?? 'an unnamed session'
    dependencies.log(`Assumed ${roleArn} as ${session}${expiry}.`)
    return {
      accessKeyId: AccessKeyId,
      secretAccessKey: SecretAccessKey,
      sessionToken: SessionToken
    }
  } finally {
    client.destroy()
  }
}

/**
 * The runner only hands out OIDC tokens to jobs granted `id-token: write`; without it the
 * request variables are simply absent, which @actions/core reports in terms of environment
 * variables that mean nothing to the workflow's author.
 */
async function fetchIdToken(
  getIdToken: (audience: string) => Promise<string>,
  audience: string
): Promise<string> {
  let token: string
  try {
    token = await getIdToken(audience)
  } catch (error) {
    // @actions/core words its failures over several indented lines; one line reads better.
    const detail = errorMessage(error)
      .replace(/\s*\n\s*/g, ' ')
      .trim()
    if (/ACTIONS_ID_TOKEN_REQUEST_(URL|TOKEN)/.test(detail))
      throw new ExportError(
        "role-to-assume needs the workflow's OIDC token, but this job may not request one. Add " +
          '`permissions: id-token: write` to the workflow (top level) or to this job (keep ' +
          '`contents: read` too if you list permissions). Workflows triggered from forks never get it.',
        { cause: error }
      )
    const what = `Could not get the workflow's OIDC token for audience "${audience}"`
    throw new ExportError(`${what}: ${detail}`, { cause: error })
  }
  if (!token)
    throw new ExportError(`The runner returned an empty OIDC token for audience "${audience}".`)
  return token
}

/** What was asked of STS, to word advice that names the values to compare. */
type AssumeContext = Pick<AwsSettings, 'audience' | 'region' | 'roleDurationSeconds'> & {
  roleArn: string
  claims: TokenClaims
}

/** The claims of an OIDC token that a trust policy is matched against. */
type TokenClaims = Partial<Record<'iss' | 'sub' | 'aud', string>>

/**
 * Reads the claims of a JWT without verifying it (STS does that), only to word advice. These
 * claims are not secret; the token itself is and is never shown.
 */
function tokenClaims(token: string): TokenClaims {
  try {
    const payload = Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')
    const claims = JSON.parse(payload) as Record<string, unknown>
    const text = (value: unknown): string | undefined =>
      typeof value === 'string' ? value : undefined
    const aud = Array.isArray(claims.aud)
      ? claims.aud.filter((value) => typeof value === 'string').join(', ')
      : text(claims.aud)
    return { iss: text(claims.iss), sub: text(claims.sub), aud: aud || undefined }
  } catch {
    return {}
  }
}

/** STS's error codes (without an `Exception` suffix) for conditions that pass on their own. */
const TRANSIENT_CODES = new Set([
  'Throttling',
  'RequestLimitExceeded',
  'TooManyRequests',
  'IDPCommunicationError',
  'InternalFailure',
  'InternalError',
  'ServiceUnavailable',
  'RequestTimeout'
])

/**
 * Throttling, 5xx and network trouble are retried; any other STS answer says what to check.
 * Anything but an STS answer is a transport failure: the call is unsigned and its inputs are
 * validated, so nothing local can fail here, and a bounded number of retries costs little.
 */
function classifyStsError(error: unknown, context: AssumeContext): RetryableError | ExportError {
  const name = errorName(error)
  const message = errorMessage(error)
  if (error instanceof STSServiceException) {
    // The SDK names modeled errors `<Code>Exception` (IDPCommunicationErrorException) and
    // unmodeled ones `<Code>` (Throttling, AccessDenied): compare the code either way.
    const code = name.replace(/Exception$/, '')
    const status = error.$metadata?.httpStatusCode
    const what = describeError(error)
    if (TRANSIENT_CODES.has(code) || (status !== undefined && status >= 500))
      return new RetryableError(what, undefined, { cause: error })
    const advised = withAdvice(what, advice(code, context))
    return new ExportError(
      `STS refused to let this workflow assume ${context.roleArn}: ${advised}`,
      { cause: error }
    )
  }
  const code = (error as { code?: unknown })?.code
  return new RetryableError(`${typeof code === 'string' ? code : name}: ${message}`, undefined, {
    cause: error
  })
}

/** Worded for the two places a role assumption is configured: the IAM role and the workflow. */
function advice(code: string, context: AssumeContext): string {
  const issuer = (context.claims.iss ?? 'https://token.actions.githubusercontent.com').replace(
    /^https:\/\//,
    ''
  )
  // The provider in the role's own account.
  const [, partition = 'aws', account = 'ACCOUNT'] =
    /^arn:([^:]+):iam::(\d{12}):/.exec(context.roleArn) ?? []
  const provider = `arn:${partition}:iam::${account}:oidc-provider/${issuer}`
  const subject = context.claims.sub
    ? `this job's subject "${context.claims.sub}"`
    : "this job's subject"
  const trust =
    `Check the role's trust policy: its Principal must be the federated OIDC provider ${provider}, ` +
    `the condition ${issuer}:aud must equal the audience input "${context.audience}", and ` +
    `${issuer}:sub must match ${subject} (e.g. StringLike "repo:OWNER/REPO:*"; a job that uses an ` +
    'environment has sub "repo:OWNER/REPO:environment:NAME", not a branch). ' +
    'deploy/github-oidc-role.yml creates a provider and such a role.'
  switch (code) {
    case 'InvalidIdentityToken':
      return (
        `Check that the account of ${context.roleArn} has an IAM OIDC identity provider for https://${issuer} ` +
        `whose audiences (client IDs) include "${context.audience}" (the audience input), and that the token's ` +
        `audience${context.claims.aud ? ` "${context.claims.aud}"` : ''} matches. ${trust}`
      )
    case 'ExpiredToken':
      return 'The OIDC token expired before STS accepted it (a slow runner or a skewed clock); rerun the job.'
    case 'ValidationError':
      return (
        `Check role-duration-seconds (${context.roleDurationSeconds}: at most the role's maximum session duration, ` +
        'which is 3600 s unless raised), role-session-name and role-to-assume.'
      )
    case 'RegionDisabled':
      return `STS is not activated in ${context.region}: set aws-region to another region or activate it in IAM account settings.`
    case 'PackedPolicyTooLarge':
    case 'MalformedPolicyDocument':
      return "Check the role's policies."
    default:
      return trust
  }
}
