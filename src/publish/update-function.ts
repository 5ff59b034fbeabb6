import {
  GetFunctionConfigurationCommand,
  LambdaClient,
  UpdateFunctionCodeCommand,
  type FunctionConfiguration
} from '@aws-sdk/client-lambda'
import type { AwsSettings } from '../config/config.js'
import { UserError, describeError, errorName, withAdvice } from '../errors.js'
import { sleep } from '../util/sleep.js'
import { RetryableError, retryNote, withRetry, type RetryPolicy } from '../util/retry.js'

interface FunctionCode {
  functionName: string
  zip: Buffer
  /** Hex SHA-256 of `zip`: Lambda reports the code it runs as the base64 form of it. */
  sha256: string
  /** The zip as already uploaded to S3; otherwise its bytes go in the request. */
  s3?: { bucket: string; key: string }
}

/** Another update of the function still in progress (409) usually ends within seconds. */
const CONFLICT_RETRY: RetryPolicy = { attempts: 6, baseDelayMs: 1000, maxDelayMs: 10_000 }
const UPDATE_POLL_MS = 2000
const UPDATE_TIMEOUT_MS = 5 * 60_000

/**
 * Replaces the function's code (UpdateFunctionCode), checks that Lambda took exactly this zip,
 * and waits until the update is live, so a release job fails if the function did not update.
 */
export async function updateFunctionCode(
  code: FunctionCode,
  aws: AwsSettings,
  log: (message: string) => void
): Promise<void> {
  const client = new LambdaClient({
    region: aws.region,
    credentials: aws.credentials,
    maxAttempts: 6
  })
  const call = async <T>(action: string, send: () => Promise<T>): Promise<T> => {
    try {
      return await send()
    } catch (error) {
      const name = errorName(error)
      const message = `Could not ${action} the Lambda function ${code.functionName}: ${describeError(error)}`
      if (name === 'ResourceConflictException') throw new RetryableError(withAdvice(message))
      throw new UserError(withAdvice(message, advice(name, code, aws)), { cause: error })
    }
  }
  try {
    const source = code.s3
      ? { S3Bucket: code.s3.bucket, S3Key: code.s3.key }
      : { ZipFile: code.zip }
    const updated = await withRetry(
      CONFLICT_RETRY,
      () =>
        call('update the code of', () =>
          client.send(new UpdateFunctionCodeCommand({ FunctionName: code.functionName, ...source }))
        ),
      { onRetry: (error, delayMs) => log(retryNote(error.message, delayMs)) }
    )
    const expected = Buffer.from(code.sha256, 'hex').toString('base64')
    // Only possible when the S3 object was overwritten between the upload and the update.
    if (updated.CodeSha256 !== undefined && updated.CodeSha256 !== expected)
      throw new UserError(
        `The Lambda function ${code.functionName} reports code SHA-256 ${updated.CodeSha256} (base64), not the zip's ` +
          `${expected}: did another upload replace the zip at lambda-s3-key meanwhile? Run publish-lambda again.`
      )
    log(
      `Updated the code of ${updated.FunctionArn ?? code.functionName}; waiting for the update to finish`
    )
    // Until LastUpdateStatus leaves InProgress: an update Lambda could not apply fails the step.
    const deadline = Date.now() + UPDATE_TIMEOUT_MS
    const read = () =>
      call('read the state of', () =>
        client.send(new GetFunctionConfigurationCommand({ FunctionName: code.functionName }))
      )
    for (let state: FunctionConfiguration = updated; ; state = await read()) {
      if (state.LastUpdateStatus === 'Failed')
        throw new UserError(
          `The Lambda function ${code.functionName} could not apply the new code: ` +
            `${state.LastUpdateStatusReasonCode ?? 'Failed'}: ${state.LastUpdateStatusReason ?? 'no reason given'}.`
        )
      if (state.LastUpdateStatus !== 'InProgress') break
      if (Date.now() > deadline)
        throw new UserError(
          `The Lambda function ${code.functionName} was still updating after ${UPDATE_TIMEOUT_MS / 60_000} minutes.`
        )
      await sleep(UPDATE_POLL_MS)
    }
    log(`The Lambda function ${code.functionName} runs the new code`)
  } finally {
    client.destroy()
  }
}

function advice(name: string, code: FunctionCode, aws: AwsSettings): string {
  if (name === 'ResourceNotFoundException')
    return ` Check lambda-function-name and aws-region (${aws.region}).`
  if (/AccessDenied|UnrecognizedClient|InvalidSignature|Credentials/i.test(name))
    return (
      ' Check the AWS credentials and that their policy allows lambda:UpdateFunctionCode and ' +
      'lambda:GetFunctionConfiguration on the function' +
      (code.s3 ? ` and s3:GetObject on s3://${code.s3.bucket}/${code.s3.key}.` : '.')
    )
  if (name === 'InvalidParameterValueException' && code.s3)
    return ` The bucket must be in the function's region (${aws.region}).`
  return ''
}
