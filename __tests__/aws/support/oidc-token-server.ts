import { closeNow, listenOnLoopback } from '../../../sandbox/loopback.js'
// The runner's ID token service as @actions/core's getIDToken uses it: GET
// ACTIONS_ID_TOKEN_REQUEST_URL + '&audience=...', authorized by ACTIONS_ID_TOKEN_REQUEST_TOKEN,
// answered {"value": "<jwt>"}.
import http from 'node:http'
import { fakeJwt, githubClaims } from './jwt.js'

interface TokenRequest {
  audience: string | null
  authorization?: string
}

export class OidcTokenServer {
  readonly requestToken = 'runner-request-token-5b7e'
  requests: TokenRequest[] = []
  /** Every token issued, in order. */
  issued: string[] = []
  url = ''
  private server?: http.Server

  async start(): Promise<this> {
    this.server = http.createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://localhost')
      const audience = url.searchParams.get('audience')
      this.requests.push({ audience, authorization: request.headers.authorization })
      if (request.headers.authorization !== `Bearer ${this.requestToken}`) {
        response.writeHead(401, { 'content-type': 'application/json' })
        return response.end('{"message":"bad request token"}')
      }
      const token = fakeJwt(githubClaims(audience ?? 'https://github.com/acme'))
      this.issued.push(token)
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end(JSON.stringify({ count: 1, value: token }))
    })
    // The runner's URL already carries a query string; getIDToken appends '&audience=...'.
    this.url = `${await listenOnLoopback(this.server!)}/_apis/distributedtask/token?api-version=2.0`
    return this
  }

  async stop(): Promise<void> {
    await closeNow(this.server)
  }

  /** The variables the runner sets for a job with `permissions: id-token: write`. */
  env(): Record<string, string> {
    return {
      ACTIONS_ID_TOKEN_REQUEST_URL: this.url,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: this.requestToken
    }
  }
}
