/**
 * Removes secrets from text meant for output. The token is never put into messages on
 * purpose; this guards against a server or library echoing it back.
 */
export function redact(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let result = text
  for (const secret of secrets) {
    if (secret && secret.length >= 4) result = result.split(secret).join('***')
  }
  return result
}
