import http from 'node:http'
import { closeNow, listenOnLoopback } from '../../sandbox/loopback.js'

/** What a double answers: status, body (a string or Buffer as is, anything else as JSON) and headers. */
export interface Reply {
  status: number
  body?: unknown
  headers?: Record<string, string>
}

/**
 * The skeleton every service double shares: a server on a free loopback port that reads each
 * request's whole body, then asks the double for a reply. A double that must drop the
 * connection instead answers 'reset'. Doubles speak the real wire protocol, so the product's
 * SDK clients run unchanged against them.
 */
export abstract class LoopbackDouble {
  /** `http://127.0.0.1:PORT` once started. */
  endpoint = ''
  private server?: http.Server

  protected abstract answer(
    request: http.IncomingMessage,
    body: Buffer
  ): Reply | 'reset' | Promise<Reply | 'reset'>

  async start(): Promise<this> {
    this.server = http.createServer((request, response) => {
      const chunks: Buffer[] = []
      request.on('data', (chunk: Buffer) => chunks.push(chunk))
      request.on('end', () => {
        Promise.resolve()
          .then(() => this.answer(request, Buffer.concat(chunks)))
          .then(
            (reply) => send(request, response, reply),
            // A double's own bug must be loud, not look like a service error the product handles.
            (error: Error) =>
              send(request, response, {
                status: 500,
                body: { message: `double failed: ${error.message}` }
              })
          )
      })
    })
    this.endpoint = await listenOnLoopback(this.server)
    return this
  }

  async stop(): Promise<void> {
    await closeNow(this.server)
  }
}

function send(
  request: http.IncomingMessage,
  response: http.ServerResponse,
  reply: Reply | 'reset'
): void {
  if (reply === 'reset') {
    request.socket.destroy()
    return
  }
  const { status, body, headers } = reply
  const payload =
    body === undefined
      ? ''
      : typeof body === 'string' || Buffer.isBuffer(body)
        ? body
        : JSON.stringify(body)
  response.writeHead(status, headers)
  response.end(payload)
}
