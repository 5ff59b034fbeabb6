// A stand-in for AWS STS on a loopback port, speaking the Query protocol the SDK uses for
// AssumeRoleWithWebIdentity (form-encoded POST in, XML out), with injectable faults.
import type http from 'node:http'
import { claimsOf } from './jwt.js'
import { LoopbackDouble, type Reply } from './loopback-double.js'

export type StsFault =
  | 'throttling'
  | 'internal-error'
  | 'unavailable-html'
  | 'idp-communication'
  | 'reset'
  | 'access-denied'
  | 'invalid-token'
  | 'duration-too-long'

interface StsRequest {
  params: Record<string, string>
  headers: http.IncomingHttpHeaders
  /** The HTTP status answered; -1 for a dropped connection. */
  status: number
}

export interface StsCredentials {
  accessKeyId: string
  secretAccessKey: string
  sessionToken: string
}

const NS = 'https://sts.amazonaws.com/doc/2011-06-15/'

export class StsDouble extends LoopbackDouble {
  requests: StsRequest[] = []
  /** Consumed one per request, in order; once empty, requests succeed. */
  faults: StsFault[] = []
  /** When set, every request gets this fault (after `faults` runs out). */
  persistentFault?: StsFault
  /** When set, any other WebIdentityToken is answered InvalidIdentityToken, as STS would. */
  expectedToken?: string

  constructor(
    readonly credentials: StsCredentials = {
      accessKeyId: 'ASIATESTACCESSKEY123',
      secretAccessKey: 'test-secret-access-key-4f1c9a',
      sessionToken: 'test-session-token-7d2e0b'
    }
  ) {
    super()
  }

  reset(): void {
    this.requests = []
    this.faults = []
    this.persistentFault = undefined
    this.expectedToken = undefined
  }

  protected answer(request: http.IncomingMessage, body: Buffer): Reply | 'reset' {
    const params = Object.fromEntries(new URLSearchParams(body.toString('utf8')))
    const record: StsRequest = { params, headers: request.headers, status: 0 }
    this.requests.push(record)
    const send = (status: number, xml: string, contentType = 'text/xml'): Reply => {
      record.status = status
      return {
        status,
        body: xml,
        headers: { 'content-type': contentType, 'x-amzn-requestid': `req-${this.requests.length}` }
      }
    }
    const fault = this.faults.shift() ?? this.persistentFault
    if (
      request.method !== 'POST' ||
      params.Action !== 'AssumeRoleWithWebIdentity' ||
      params.Version !== '2011-06-15'
    ) {
      return send(
        400,
        errorXml(
          'Sender',
          'InvalidAction',
          `Unsupported request ${request.method} ${params.Action}`
        )
      )
    }
    switch (fault) {
      case 'reset':
        record.status = -1
        return 'reset'
      case 'throttling':
        return send(400, errorXml('Sender', 'Throttling', 'Rate exceeded'))
      case 'internal-error':
        return send(500, errorXml('Receiver', 'InternalFailure', 'An internal error occurred.'))
      case 'unavailable-html':
        return send(503, '<html><body>Service Unavailable</body></html>', 'text/html')
      case 'idp-communication':
        return send(
          400,
          errorXml(
            'Sender',
            'IDPCommunicationError',
            "Couldn't retrieve verification key from your identity provider"
          )
        )
      case 'access-denied':
        return send(
          403,
          errorXml(
            'Sender',
            'AccessDenied',
            'Not authorized to perform sts:AssumeRoleWithWebIdentity'
          )
        )
      case 'invalid-token':
        return send(
          400,
          errorXml(
            'Sender',
            'InvalidIdentityToken',
            'No OpenIDConnect provider found in your account for https://token.actions.githubusercontent.com'
          )
        )
      case 'duration-too-long':
        return send(
          400,
          errorXml(
            'Sender',
            'ValidationError',
            'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.'
          )
        )
    }
    if (this.expectedToken !== undefined && params.WebIdentityToken !== this.expectedToken) {
      return send(
        400,
        errorXml('Sender', 'InvalidIdentityToken', 'The ID Token provided is not a valid JWT.')
      )
    }
    return send(200, this.successXml(params))
  }

  private successXml(params: Record<string, string>): string {
    const seconds = Number(params.DurationSeconds ?? 3600)
    const expiration = new Date(Date.now() + seconds * 1000).toISOString()
    const roleName = (params.RoleArn ?? '').split('/').pop()
    const account = /:(\d{12}):/.exec(params.RoleArn ?? '')?.[1] ?? '000000000000'
    let claims: Record<string, unknown> = {}
    try {
      claims = claimsOf(params.WebIdentityToken ?? '')
    } catch {
      // not a JWT: the subject stays empty
    }
    return `<AssumeRoleWithWebIdentityResponse xmlns="${NS}">
  <AssumeRoleWithWebIdentityResult>
    <SubjectFromWebIdentityToken>${escapeXml(claimText(claims.sub))}</SubjectFromWebIdentityToken>
    <Audience>${escapeXml(claimText(claims.aud))}</Audience>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::${account}:assumed-role/${escapeXml(roleName ?? '')}/${escapeXml(params.RoleSessionName ?? '')}</Arn>
      <AssumedRoleId>AROATESTROLEID:${escapeXml(params.RoleSessionName ?? '')}</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <SessionToken>${escapeXml(this.credentials.sessionToken)}</SessionToken>
      <SecretAccessKey>${escapeXml(this.credentials.secretAccessKey)}</SecretAccessKey>
      <Expiration>${expiration}</Expiration>
      <AccessKeyId>${escapeXml(this.credentials.accessKeyId)}</AccessKeyId>
    </Credentials>
    <Provider>${escapeXml(claimText(claims.iss))}</Provider>
  </AssumeRoleWithWebIdentityResult>
  <ResponseMetadata><RequestId>req-${this.requests.length}</RequestId></ResponseMetadata>
</AssumeRoleWithWebIdentityResponse>`
  }
}

function errorXml(type: 'Sender' | 'Receiver', code: string, message: string): string {
  return `<ErrorResponse xmlns="${NS}"><Error><Type>${type}</Type><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>err</RequestId></ErrorResponse>`
}

/** A token claim as STS echoes it: a list of audiences comma-joined, a missing claim empty. */
function claimText(value: unknown): string {
  if (value === undefined || value === null) return ''
  if (Array.isArray(value)) return value.map(claimText).join(',')
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return JSON.stringify(value)
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (char) => `&#${char.charCodeAt(0)};`)
}
