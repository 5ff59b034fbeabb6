// The runner's ID token service as @actions/core's getIDToken uses it: GET
// ACTIONS_ID_TOKEN_REQUEST_URL + '&audience=...', authorized by ACTIONS_ID_TOKEN_REQUEST_TOKEN,
// answered {"value": "<jwt>"}.
import type http from 'node:http'
import { fakeJwt, githubClaims } from './jwt.js'
import { LoopbackDouble, type Reply } from './loopback-double.js'

interface TokenRequest {
  audience: string | null
  authorization?: string
}

export class OidcTokenServer extends LoopbackDouble {
  readonly requestToken = 'runner-request-token-5b7e'
  requests: TokenRequest[] = []
  /** Every token issued, in order. */
  issued: string[] = []

  /** The runner's URL already carries a query string; getIDToken appends '&audience=...'. */
  get url(): string {
    return `${this.endpoint}/_apis/distributedtask/token?api-version=2.0`
  }

  protected answer(request: http.IncomingMessage): Reply {
    const url = new URL(request.url ?? '/', 'http://localhost')
    const audience = url.searchParams.get('audience')
    this.requests.push({ audience, authorization: request.headers.authorization })
    const headers = { 'content-type': 'application/json' }
    if (request.headers.authorization !== `Bearer ${this.requestToken}`)
      return { status: 401, body: '{"message":"bad request token"}', headers }
    const token = fakeJwt(githubClaims(audience ?? 'https://github.com/acme'))
    this.issued.push(token)
    return { status: 200, body: { count: 1, value: token }, headers }
  }

  /** The variables the runner sets for a job with `permissions: id-token: write`. */
  env(): Record<string, string> {
    return {
      ACTIONS_ID_TOKEN_REQUEST_URL: this.url,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: this.requestToken
    }
  }
}
