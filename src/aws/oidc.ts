import type { AwsSettings } from '../config/config.js'
import { ExportError } from '../errors.js'

export type Credentials = NonNullable<AwsSettings['credentials']>

export interface OidcDependencies {
  /** `core.getIDToken(audience)` in the action. */
  getIdToken(audience: string): Promise<string>
  /** Registers a secret so it is masked in every later log line (`core.setSecret`). */
  mask(secret: string): void
  log(message: string): void
}

/**
 * Assumes `settings.roleToAssume` with the workflow's OIDC token (STS
 * AssumeRoleWithWebIdentity) and returns temporary credentials for this step only.
 * STUB: implemented in issue 4.
 */
export async function assumeRoleWithOidc(settings: AwsSettings, dependencies: OidcDependencies): Promise<Credentials> {
  void settings
  void dependencies
  throw new ExportError('role-to-assume is not supported yet')
}
