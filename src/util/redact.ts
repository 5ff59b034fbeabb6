/**
 * Guards against a server or library echoing a secret back in any form: as is, in another
 * case, URL-encoded or escaped inside a JSON string.
 */
export function redact(
  text: string,
  secrets: ReadonlyArray<string | undefined>,
  replacement = '***'
): string {
  let result = text
  for (const secret of secrets) {
    if (!secret || secret.length < 4) continue
    const pattern = patterns.get(secret) ?? spellings(secret)
    patterns.set(secret, pattern)
    result = result.replace(pattern, replacement)
  }
  return result
}

const patterns = new Map<string, RegExp>()

/** Every spelling of `secret` an echo could produce, matched regardless of case. */
function spellings(secret: string): RegExp {
  const json = JSON.stringify(secret).slice(1, -1)
  const forms = new Set([
    secret,
    encodeURIComponent(secret),
    encodeURI(secret),
    // application/x-www-form-urlencoded, as URLSearchParams writes it
    new URLSearchParams({ s: secret }).toString().slice(2),
    json,
    json.replaceAll('/', '\\/'),
    // Every character escaped, as some JSON encoders do for anything not ASCII
    secret
      .split('')
      .map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
      .join('')
  ])
  // Longest first, so a longer spelling is replaced whole rather than one inside it.
  const alternatives = [...forms]
    .sort((a, b) => b.length - a.length)
    .map((form) => form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  return new RegExp(alternatives.join('|'), 'gi')
}
