import { closeNow, listenOnLoopback } from '../../sandbox/loopback.js'
import http from 'node:http'

export interface SsmRequest {
  target: string
  body: Record<string, unknown>
  authorization: string
}

/**
 * A stand-in for AWS Systems Manager's GetParameter, speaking its real wire protocol (JSON 1.1,
 * the operation named by X-Amz-Target) so the SDK code in the bundle runs unchanged against it.
 */
export class SsmDouble {
  requests: SsmRequest[] = []
  endpoint = ''
  private server?: http.Server

  constructor(private readonly parameters: Record<string, string>) {}

  async start(): Promise<this> {
    this.server = http.createServer((request, response) => {
      let text = ''
      request.on('data', (chunk) => (text += chunk))
      request.on('end', () => {
        const body = JSON.parse(text || '{}') as Record<string, unknown>
        const target = String(request.headers['x-amz-target'] ?? '')
        this.requests.push({
          target,
          body,
          authorization: String(request.headers.authorization ?? '')
        })
        const reply = (status: number, payload: unknown): void => {
          response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' })
          response.end(JSON.stringify(payload))
        }
        if (target !== 'AmazonSSM.GetParameter')
          return reply(400, { __type: 'InvalidAction', message: `unsupported ${target}` })
        const name = String(body.Name)
        const value = this.parameters[name]
        if (value === undefined) return reply(400, { __type: 'ParameterNotFound', message: '' })
        reply(200, {
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
      })
    })
    this.endpoint = await listenOnLoopback(this.server!)
    return this
  }

  async stop(): Promise<void> {
    await closeNow(this.server)
  }
}
