import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm'
import { ExportError, HarvestError, describeError, withAdvice } from '../errors.js'

/** Tokens read this cold start: warm runs skip SSM and KMS; a failed read is retried next time. */
const cache = new Map<string, Promise<string>>()

export function ssmToken(name: string): Promise<string> {
  let token = cache.get(name)
  if (token === undefined) {
    token = readParameter(name)
    cache.set(name, token)
    token.catch(() => cache.delete(name))
  }
  return token
}

async function readParameter(name: string): Promise<string> {
  // Region, credentials and AWS_ENDPOINT_URL_SSM come from the SDK's defaults: the function's own.
  const client = new SSMClient({})
  try {
    const answer = await client.send(new GetParameterCommand({ Name: name, WithDecryption: true }))
    const value = answer.Parameter?.Value?.trim()
    if (!value)
      throw new ExportError(
        `The SSM parameter ${name} (HARVEST_ACCESS_TOKEN_PARAMETER) is empty: store the Harvest token in it.`
      )
    return value
  } catch (error) {
    if (error instanceof ExportError) throw error
    const region = await client.config.region().catch(() => "the function's region")
    throw new ExportError(
      `Could not read the Harvest token from the SSM parameter ${name} (HARVEST_ACCESS_TOKEN_PARAMETER): ` +
        withAdvice(
          describeError(error),
          `Check that the parameter exists in ${region} ` +
            `and that the function's role allows ssm:GetParameter on it and kms:Decrypt on the KMS key that encrypts it.`
        ),
      { cause: error }
    )
  } finally {
    client.destroy()
  }
}

/** Harvest's answer to a revoked or rotated token (HTTP 401), however the engine wrapped it. */
function isUnauthorized(error: unknown): boolean {
  for (let cause = error; cause instanceof Error; cause = cause.cause)
    if (cause instanceof HarvestError && cause.status === 401) return true
  return false
}

/**
 * Runs `work` (settings + export) and, when Harvest rejects the token read from SSM, reads
 * the parameter again once: after a rotation warm containers would otherwise keep the old
 * token until a cold start, failing every run. Only a token that really changed is tried
 * again; the same token would only be refused again.
 */
export async function rereadTokenOnUnauthorized<T>(
  parameter: string | undefined,
  work: () => Promise<T>
): Promise<T> {
  try {
    return await work()
  } catch (error) {
    const name = parameter?.trim()
    if (!name || !isUnauthorized(error)) throw error
    const stale = await cache.get(name)?.catch(() => undefined)
    cache.delete(name)
    const fresh = await ssmToken(name).catch(() => undefined)
    if (fresh === undefined || fresh === stale) throw error
    return work()
  }
}
