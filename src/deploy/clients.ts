import { CloudFormationClient } from '@aws-sdk/client-cloudformation'
import { IAMClient } from '@aws-sdk/client-iam'
import { S3Client } from '@aws-sdk/client-s3'
import { SSMClient } from '@aws-sdk/client-ssm'
import { STSClient } from '@aws-sdk/client-sts'

/** The AWS clients a deploy uses; each call site gets them from here so tests can point them anywhere. */
export interface DeployClients {
  s3: S3Client
  ssm: SSMClient
  cloudFormation: CloudFormationClient
  iam: IAMClient
  sts: STSClient
  destroy(): void
}

/**
 * SDK v3 clients with the default credential chain (env, profile, SSO, instance role).
 * Endpoints follow the SDK's own AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE> variables;
 * an S3 override (an emulator, a private endpoint) gets path-style addressing, which such
 * endpoints need and AWS accepts.
 */
export function createClients(region: string | undefined, env: NodeJS.ProcessEnv): DeployClients {
  const common = { region, requestHandler: { connectionTimeout: 10_000, requestTimeout: 60_000 } }
  const s3EndpointSet = Boolean(env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL)
  const clients = {
    s3: new S3Client({ ...common, forcePathStyle: s3EndpointSet }),
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
