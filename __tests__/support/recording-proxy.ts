import http from 'node:http'
import { LoopbackDouble, type Reply } from './loopback-double.js'

export interface ProxiedRequest {
  method: string
  url: string
  headers: http.IncomingHttpHeaders
}

/**
 * A pass-through in front of a real local service (the Harvest simulator) that records each
 * request's headers, for settings whose effect is a header (`user-agent`, the account id).
 * The Host header is forwarded as received, so links the service builds point back here.
 */
export class RecordingProxy extends LoopbackDouble {
  requests: ProxiedRequest[] = []

  constructor(private readonly upstream: string) {
    super()
  }

  protected answer(request: http.IncomingMessage, body: Buffer): Promise<Reply> {
    this.requests.push({
      method: request.method ?? 'GET',
      url: request.url ?? '/',
      headers: request.headers
    })
    const target = new URL(request.url ?? '/', this.upstream)
    return new Promise((resolve, reject) => {
      const forwarded = http.request(
        target,
        { method: request.method, headers: request.headers },
        (response) => {
          const chunks: Buffer[] = []
          response.on('data', (chunk: Buffer) => chunks.push(chunk))
          response.on('error', reject)
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 502,
              body: Buffer.concat(chunks),
              headers: Object.fromEntries(
                Object.entries(response.headers).flatMap(([name, value]) =>
                  typeof value === 'string' ? [[name, value]] : []
                )
              )
            })
          )
        }
      )
      forwarded.on('error', reject)
      forwarded.end(body)
    })
  }

  /** Every distinct value the recorded requests sent for `header`. */
  values(header: string): string[] {
    return [...new Set(this.requests.map((request) => String(request.headers[header] ?? '')))]
  }
}
