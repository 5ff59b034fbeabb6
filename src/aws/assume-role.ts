import { AssumeRoleWithWebIdentityCommand, type STSClient } from '@aws-sdk/client-sts'
import { ExportError, withAdvice } from '../errors.js'
import { retryNote, withRetry, type RetryPolicy } from '../util/retry.js'
import { classifyStsError, type AssumeContext } from './sts-errors.js'

export interface AssumeRequest extends AssumeContext {
  sessionName: string
  webIdentityToken: string
}

export interface AssumedRole {
  accessKeyId: string
  secretAccessKey: string
  sessionToken: string
  /** The session's ARN: arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION. */
  assumedRoleArn?: string
  expiration?: Date
}

/** STS AssumeRoleWithWebIdentity, retried on throttling, 5xx and network faults. */
export async function assumeRoleWithWebIdentity(
  client: STSClient,
  request: AssumeRequest,
  policy: RetryPolicy,
  log: (message: string) => void
): Promise<AssumedRole> {
  const input = {
    RoleArn: request.roleArn,
    RoleSessionName: request.sessionName,
    DurationSeconds: request.durationSeconds,
    WebIdentityToken: request.webIdentityToken
  }
  return withRetry(
    policy,
    async () => {
      let response
      try {
        response = await client.send(new AssumeRoleWithWebIdentityCommand(input))
      } catch (error) {
        throw classifyStsError(error, request)
      }
      const credentials = response.Credentials
      if (!credentials?.AccessKeyId || !credentials.SecretAccessKey || !credentials.SessionToken) {
        throw new ExportError(
          `STS answered AssumeRoleWithWebIdentity for ${request.roleArn} without complete credentials.`
        )
      }
      return {
        accessKeyId: credentials.AccessKeyId,
        secretAccessKey: credentials.SecretAccessKey,
        sessionToken: credentials.SessionToken,
        assumedRoleArn: response.AssumedRoleUser?.Arn,
        expiration: credentials.Expiration
      }
    },
    {
      onRetry: (error, delayMs) =>
        log(`${retryNote(`STS AssumeRoleWithWebIdentity failed (${error.message})`, delayMs)}.`),
      giveUp: (error, attempts) =>
        new ExportError(
          withAdvice(
            `STS AssumeRoleWithWebIdentity for ${request.roleArn} still failed after ${attempts} attempts: ${error.message}`,
            `STS${process.env.AWS_ENDPOINT_URL_STS ? ` (AWS_ENDPOINT_URL_STS=${process.env.AWS_ENDPOINT_URL_STS})` : ''} ` +
              `in ${request.region} is throttling or unreachable; rerun later.`
          ),
          { cause: error }
        )
    }
  )
}
