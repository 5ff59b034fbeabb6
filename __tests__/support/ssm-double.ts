import type http from 'node:http'
import { LoopbackDouble, type Reply } from './loopback-double.js'

export interface SsmRequest {
  target: string
  body: Record<string, unknown>
  authorization: string
}

/**
 * A stand-in for AWS Systems Manager's GetParameter, speaking its real wire protocol (JSON 1.1,
 * the operation named by X-Amz-Target) so the SDK code in the bundle runs unchanged against it.
 */
export class SsmDouble extends LoopbackDouble {
  requests: SsmRequest[] = []

  constructor(private readonly parameters: Record<string, string>) {
    super()
  }

  protected answer(request: http.IncomingMessage, text: Buffer): Reply {
    const body = JSON.parse(text.toString('utf8') || '{}') as Record<string, unknown>
    const target = String(request.headers['x-amz-target'] ?? '')
    this.requests.push({ target, body, authorization: String(request.headers.authorization ?? '') })
    const reply = (status: number, payload: unknown): Reply => ({
      status,
      body: payload,
      headers: { 'content-type': 'application/x-amz-json-1.1' }
    })
    if (target !== 'AmazonSSM.GetParameter')
      return reply(400, { __type: 'InvalidAction', message: `unsupported ${target}` })
    const name = String(body.Name)
    const value = this.parameters[name]
    if (value === undefined) return reply(400, { __type: 'ParameterNotFound', message: '' })
    return reply(200, {
      Parameter: {
        Name: name,
        Type: 'SecureString',
        // Without WithDecryption, SSM returns the ciphertext.
        Value: body.WithDecryption === true ? value : 'AQICAHh-ciphertext',
        Version: 1,
        DataType: 'text',
        ARN: `arn:aws:ssm:us-east-1:123456789012:parameter${name}`
      }
    })
  }
}
