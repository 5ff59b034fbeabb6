/** An unsigned JWT-shaped token: the action never verifies it (STS does), it only reads claims. */
export function fakeJwt(claims: Record<string, unknown>): string {
  const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url')
  return `${part({ alg: 'RS256', typ: 'JWT', kid: 'test' })}.${part(claims)}.${Buffer.from('not-a-signature').toString('base64url')}`
}

/** The claims GitHub puts in a workflow's token for a push to main of acme/timesheets. */
export function githubClaims(audience: string): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000)
  return {
    iss: 'https://token.actions.githubusercontent.com',
    sub: 'repo:acme/timesheets:ref:refs/heads/main',
    aud: audience,
    repository: 'acme/timesheets',
    ref: 'refs/heads/main',
    iat: now,
    nbf: now - 5,
    exp: now + 300
  }
}

export function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >
}
