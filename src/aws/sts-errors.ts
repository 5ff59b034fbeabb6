import { STSServiceException } from '@aws-sdk/client-sts'
import { ExportError, describeError, errorMessage, errorName, withAdvice } from '../errors.js'
import { RetryableError } from '../util/retry.js'

/** What was asked of STS, to word advice that names the values to compare. */
export interface AssumeContext {
  roleArn: string
  audience: string
  region: string
  durationSeconds: number
  claims: TokenClaims
}

/** The claims of an OIDC token that a trust policy is matched against. */
type TokenClaims = Partial<Record<'iss' | 'sub' | 'aud', string>>

/**
 * Reads the claims of a JWT without verifying it (STS does that), only to word advice. These
 * claims are not secret; the token itself is and is never shown.
 */
export function tokenClaims(token: string): TokenClaims {
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
export function classifyStsError(
  error: unknown,
  context: AssumeContext
): RetryableError | ExportError {
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
        `Check role-duration-seconds (${context.durationSeconds}: at most the role's maximum session duration, ` +
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
