import { STSClient } from '@aws-sdk/client-sts'

/**
 * An STS client for AssumeRoleWithWebIdentity. That call is unsigned, so no credentials are
 * resolved. The SDK's own retries are off: `assume-role.ts` retries with the project's
 * backoff so that every attempt is logged and counted once. The endpoint follows the SDK's
 * standard variables (`AWS_ENDPOINT_URL_STS`, `AWS_ENDPOINT_URL`), which is how tests and
 * private endpoints point it elsewhere.
 */
export function createStsClient(region: string): STSClient {
  return new STSClient({
    region,
    maxAttempts: 1,
    // A hung connection must turn into a retry, not a job that sits until its timeout.
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 15_000 }
  })
}
