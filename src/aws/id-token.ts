import { ExportError, errorMessage } from '../errors.js'

/**
 * The workflow's OIDC token for `audience`. The runner only hands out tokens to jobs granted
 * `id-token: write`; without it the request variables are simply absent, which @actions/core
 * reports in terms of environment variables that mean nothing to the workflow's author.
 */
export async function fetchIdToken(
  getIdToken: (audience: string) => Promise<string>,
  audience: string
): Promise<string> {
  let token: string
  try {
    token = await getIdToken(audience)
  } catch (error) {
    const detail = oneLine(errorMessage(error))
    if (/ACTIONS_ID_TOKEN_REQUEST_(URL|TOKEN)/.test(detail)) {
      throw new ExportError(
        "role-to-assume needs the workflow's OIDC token, but this job may not request one. Add " +
          '`permissions: id-token: write` to the workflow (top level) or to this job (keep ' +
          '`contents: read` too if you list permissions). Workflows triggered from forks never get it.',
        { cause: error }
      )
    }
    const what = `Could not get the workflow's OIDC token for audience "${audience}"`
    throw new ExportError(`${what}: ${detail}`, { cause: error })
  }
  if (!token)
    throw new ExportError(`The runner returned an empty OIDC token for audience "${audience}".`)
  return token
}

/** @actions/core words its failures over several indented lines; one line reads better in logs. */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim()
}
