/** The claims of an OIDC token that a trust policy is matched against. */
export interface TokenClaims {
  iss?: string
  sub?: string
  aud?: string
}

/**
 * Reads the claims of a JWT without verifying it (STS does that). Used only to word advice:
 * when the trust policy rejects the token, its `sub` and `aud` are what the policy must match.
 * These claims are not secret; the token itself is and is never shown.
 */
export function tokenClaims(token: string): TokenClaims {
  const payload = token.split('.')[1]
  if (!payload) return {}
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >
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
