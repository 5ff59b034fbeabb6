import { GetParameterCommand, PutParameterCommand, type SSMClient } from '@aws-sdk/client-ssm'
import { errorName } from '../errors.js'
import { step } from './aws-errors.js'

export type TokenOutcome = 'created' | 'updated' | 'unchanged'

/** The SecureString's current value, or undefined when the parameter does not exist yet. */
export async function readTokenParameter(
  ssm: SSMClient,
  name: string
): Promise<string | undefined> {
  return step(`Reading the SSM parameter ${name}`, async () => {
    try {
      const answer = await ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }))
      return answer.Parameter?.Value
    } catch (error) {
      if (errorName(error) === 'ParameterNotFound') return undefined
      throw error
    }
  })
}

/**
 * Stores the token as a SecureString (encrypted with the account's aws/ssm key) only when it
 * differs from what is stored: an unchanged rerun writes nothing, so the parameter's version
 * and history only move when the token really changed.
 */
export async function writeTokenParameter(
  ssm: SSMClient,
  name: string,
  token: string,
  current: string | undefined
): Promise<TokenOutcome> {
  if (current === token) return 'unchanged'
  await step(`Writing the SSM parameter ${name}`, () =>
    ssm.send(
      new PutParameterCommand({
        Name: name,
        Value: token,
        Type: 'SecureString',
        Overwrite: current !== undefined,
        Description: 'Harvest Personal Access Token read by the harvest-s3-export Lambda function'
      })
    )
  )
  return current === undefined ? 'created' : 'updated'
}
