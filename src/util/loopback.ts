const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

/** `localhost`, `127.0.0.1` or `::1`: the only hosts plain http may reach with the token. */
export function isLoopback(url: URL): boolean {
  return LOOPBACK_HOSTS.has(url.hostname)
}

/** The loopback names count as one host: a test double may link to `localhost` from `127.0.0.1`. */
export function sameOrigin(a: URL, b: URL): boolean {
  if (a.origin === b.origin) return true
  return a.protocol === b.protocol && a.port === b.port && isLoopback(a) && isLoopback(b)
}
