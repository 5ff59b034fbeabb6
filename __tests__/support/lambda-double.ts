import { createHash } from 'node:crypto'
import type http from 'node:http'
import { LoopbackDouble, type Reply } from './loopback-double.js'

export interface CodeUpdate {
  functionName: string
  body: { ZipFile?: string; S3Bucket?: string; S3Key?: string; [field: string]: unknown }
  authorization: string
}

/**
 * AWS Lambda's UpdateFunctionCode and GetFunctionConfiguration over their real REST-JSON protocol, for one
 * existing function. `readS3` resolves an S3 code location the way Lambda would fetch it.
 */
export class LambdaDouble extends LoopbackDouble {
  updates: CodeUpdate[] = []
  polls = 0
  /** Answer this many updates with 409 ResourceConflictException (an update in progress). */
  conflicts = 0
  /** LastUpdateStatus of the next polls after an update; then Successful. */
  pollStatuses: Array<{ status: string; reason?: string }> = []
  private codeSha256 = ''

  constructor(
    readonly functionName: string,
    private readonly readS3: (bucket: string, key: string) => Promise<Buffer>
  ) {
    super()
  }

  protected async answer(request: http.IncomingMessage, body: Buffer): Promise<Reply> {
    try {
      const [status, payload, errorType] = await this.operation(request, body.toString('utf8'))
      return { status, body: payload, headers: jsonHeaders(errorType) }
    } catch (error) {
      return {
        status: 500,
        body: { message: (error as Error).message },
        headers: jsonHeaders('ServiceException')
      }
    }
  }

  private async operation(
    request: http.IncomingMessage,
    text: string
  ): Promise<[number, unknown, string?]> {
    const match = (request.url ?? '').match(
      /^\/2015-03-31\/functions\/([^/?]+)\/(code|configuration)$/
    )
    const name = match ? decodeURIComponent(match[1]) : ''
    if (name !== this.functionName) {
      return [
        404,
        {
          Type: 'User',
          message: `Function not found: arn:aws:lambda:us-east-1:123456789012:function:${name}`
        },
        'ResourceNotFoundException'
      ]
    }
    if (request.method === 'PUT' && match?.[2] === 'code') {
      const body = JSON.parse(text) as CodeUpdate['body']
      this.updates.push({
        functionName: name,
        body,
        authorization: String(request.headers.authorization ?? '')
      })
      if (this.conflicts > 0) {
        this.conflicts--
        return [
          409,
          {
            Type: 'User',
            message: `The operation cannot be performed at this time. An update is in progress for resource: ${name}`
          },
          'ResourceConflictException'
        ]
      }
      const zip =
        body.ZipFile !== undefined
          ? Buffer.from(body.ZipFile, 'base64')
          : await this.readS3(body.S3Bucket ?? '', body.S3Key ?? '')
      this.codeSha256 = createHash('sha256').update(zip).digest('base64')
      return [200, { ...this.configuration('InProgress'), CodeSize: zip.length }]
    }
    if (request.method === 'GET' && match?.[2] === 'configuration') {
      this.polls++
      const { status, reason } = this.pollStatuses.shift() ?? { status: 'Successful' }
      return [
        200,
        {
          ...this.configuration(status),
          ...(reason
            ? { LastUpdateStatusReason: reason, LastUpdateStatusReasonCode: 'InternalError' }
            : {})
        }
      ]
    }
    return [400, { message: 'unsupported' }, 'InvalidRequestContentException']
  }

  private configuration(status: string): Record<string, unknown> {
    return {
      FunctionName: this.functionName,
      FunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${this.functionName}`,
      Runtime: 'nodejs24.x',
      Handler: 'index.handler',
      CodeSha256: this.codeSha256,
      State: 'Active',
      LastUpdateStatus: status
    }
  }
}

function jsonHeaders(errorType?: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    ...(errorType ? { 'x-amzn-errortype': errorType } : {})
  }
}
