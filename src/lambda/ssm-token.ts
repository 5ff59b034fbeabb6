import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm'
import { ExportError, describeError, withAdvice } from '../errors.js'

/**
 * Tokens read this cold start, by parameter name. Warm invocations reuse them instead of
 * paying an SSM call (and its KMS decryption) on every scheduled run; a failed read is
 * forgotten, so the next invocation tries again.
 */
const cache = new Map<string, Promise<string>>()

/** The Harvest token kept in the SecureString parameter `name` (HARVEST_ACCESS_TOKEN_PARAMETER). */
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
