import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts'
import { DeployError, step } from './aws-errors.js'

/**
 * The account of the credentials in use: the owner every bucket the deploy touches must have
 * (S3's ExpectedBucketOwner), so a bucket of the same name in another account is never used.
 */
export async function callerAccount(sts: STSClient): Promise<string> {
  const identity = await step('Reading the AWS account of these credentials', () =>
    sts.send(new GetCallerIdentityCommand({}))
  )
  if (!identity.Account || !/^\d{12}$/.test(identity.Account)) {
    throw new DeployError('STS GetCallerIdentity returned no account id for these credentials.')
  }
  return identity.Account
}
