import { describeError, errorName, ExportError } from '../errors.js'

/** A deploy step that failed, worded with the resource it was working on. */
export class DeployError extends ExportError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'DeployError'
  }
}

const ACCESS_DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'ExpiredTokenException'
])

/** `what` ("Creating the bucket acme-harvest") failed: which resource, why, and what usually fixes it. */
export function awsFailure(what: string, error: unknown): DeployError {
  if (error instanceof DeployError) return error
  return new DeployError(`${what} failed: ${why(error)}`, { cause: error })
}

function why(error: unknown): string {
  const message = String((error as Error)?.message)
  if (
    errorName(error) === 'CredentialsProviderError' ||
    /Could not load credentials/i.test(message)
  )
    return (
      'no AWS credentials found. Set AWS_PROFILE (after aws configure or aws sso login) ' +
      'or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, then run again.'
    )
  if (/Region is missing/i.test(message))
    return 'no AWS region. Give --region (e.g. --region eu-central-1) or set AWS_REGION.'
  if (!ACCESS_DENIED.has(errorName(error))) return describeError(error)
  return `${describeError(error)}. The credentials in use lack this permission (or are invalid): see deploy/README.md for what a deploy needs`
}

export async function step<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    throw awsFailure(what, error)
  }
}
