import type { AwsSettings } from '../config/config.js'
import { ExportError } from '../errors.js'
import type { RetryPolicy } from '../util/retry.js'
import { assumeRoleWithWebIdentity } from './assume-role.js'
import { fetchIdToken } from './id-token.js'
import { createStsClient } from './sts-client.js'
import { tokenClaims } from './token-claims.js'

export type Credentials = NonNullable<AwsSettings['credentials']>

export interface OidcDependencies {
  /** `core.getIDToken(audience)` in the action. */
  getIdToken(this: void, audience: string): Promise<string>
  /** Registers a secret so it is masked in every later log line (`core.setSecret`). */
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
  const roleArn = settings.roleToAssume
  if (!roleArn) throw new ExportError('role-to-assume is not set.')
  const webIdentityToken = await fetchIdToken(dependencies.getIdToken, settings.audience)
  const client = createStsClient(settings.region)
  try {
    const assumed = await assumeRoleWithWebIdentity(
      client,
      {
        roleArn,
        sessionName: settings.roleSessionName,
        durationSeconds: settings.roleDurationSeconds,
        webIdentityToken,
        audience: settings.audience,
        region: settings.region,
        claims: tokenClaims(webIdentityToken)
      },
      dependencies.retry ?? STS_RETRY,
      dependencies.log
    )
    // Masked before anything else is printed, so no later line (ours or a library's) shows them.
    dependencies.mask(assumed.accessKeyId)
    dependencies.mask(assumed.secretAccessKey)
    dependencies.mask(assumed.sessionToken)
    const expiry = assumed.expiration
      ? `; credentials expire at ${assumed.expiration.toISOString()}`
      : ''
    dependencies.log(
      `Assumed ${roleArn} as ${assumed.assumedRoleArn ?? 'an unnamed session'}${expiry}.`
    )
    return {
      accessKeyId: assumed.accessKeyId,
      secretAccessKey: assumed.secretAccessKey,
      sessionToken: assumed.sessionToken
    }
  } finally {
    client.destroy()
  }
}
