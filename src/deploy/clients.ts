import { CloudFormationClient } from '@aws-sdk/client-cloudformation'
import { IAMClient } from '@aws-sdk/client-iam'
import { S3Client } from '@aws-sdk/client-s3'
import { SSMClient } from '@aws-sdk/client-ssm'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { DeployError, step } from './aws-errors.js'

/**
 * SDK v3 clients with the default credential chain; endpoints follow the SDK's own
 * AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE> variables. An S3 override (an emulator, a
 * private endpoint) gets path-style addressing, which such endpoints need and AWS accepts.
 */
export function createClients(region: string | undefined, env: NodeJS.ProcessEnv) {
  const common = { region, requestHandler: { connectionTimeout: 10_000, requestTimeout: 60_000 } }
  const clients = {
    s3: new S3Client({
      ...common,
      forcePathStyle: Boolean(env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL)
    }),
    ssm: new SSMClient(common),
    cloudFormation: new CloudFormationClient(common),
    iam: new IAMClient(common),
    sts: new STSClient(common)
  }
  return {
    ...clients,
    destroy: () => Object.values(clients).forEach((client) => client.destroy())
  }
}

/**
 * The account of the credentials in use: the owner every bucket the deploy touches must have
 * (S3's ExpectedBucketOwner), so a bucket of the same name in another account is never used.
 */
export async function callerAccount(sts: STSClient): Promise<string> {
  const identity = await step('Reading the AWS account of these credentials', () =>
    sts.send(new GetCallerIdentityCommand({}))
  )
  if (!identity.Account || !/^\d{12}$/.test(identity.Account))
    throw new DeployError('STS GetCallerIdentity returned no account id for these credentials.')
  return identity.Account
}
