import type http from 'node:http'
import type { AddressInfo } from 'node:net'

/** Starts a local server (a test double, a sandbox service) on a free loopback port; resolves to its `http://127.0.0.1:PORT`. */
export async function listenOnLoopback(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

/** Stops a local server at once, kept-alive connections included. */
export async function closeNow(server: http.Server | undefined): Promise<void> {
  if (!server) return
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
}
