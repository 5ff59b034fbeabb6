import { AssumeRoleWithWebIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import type { AwsSettings } from '../config/config.js'
import { ExportError, errorMessage, withAdvice } from '../errors.js'
import { retryNote, withRetry, type RetryPolicy } from '../util/retry.js'
import { classifyStsError, tokenClaims } from './sts-errors.js'

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
  const context = {
    roleArn,
    audience,
    region,
    durationSeconds: settings.roleDurationSeconds,
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
