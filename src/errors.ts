import { redact } from './util/redact.js'

/**
 * Errors that carry a message meant for the user, whatever the command. Entry points print
 * `message` as it is (`core.setFailed`, stderr, a thrown Lambda error); anything else is a
 * bug and is shown with its stack.
 */
export class UserError extends Error {}

/** An export run (or something it relies on, such as AWS credentials) failed. */
export class ExportError extends UserError {}

/** Bad configuration: detected before any network call. */
export class ConfigError extends UserError {
  constructor(readonly problems: string[]) {
    super(problems.length === 1 ? problems[0] : `Invalid settings:\n- ${problems.join('\n- ')}`)
  }
}

/** Harvest answered in a way that makes the run impossible (bad credentials, wrong URL...). */
export class HarvestError extends ExportError {}

/** Reading or writing the store failed. */
export class StoreError extends ExportError {}

/** The run refused to write because the result could not be trusted. */
export class SafetyError extends ExportError {}

// `error.name` is each class's own name, set here because bundles minify class names.
for (const [name, type] of Object.entries({
  UserError,
  ExportError,
  ConfigError,
  HarvestError,
  StoreError,
  SafetyError
})) {
  Object.defineProperty(type.prototype, 'name', { value: name, writable: true, configurable: true })
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** An SDK error as `Name (HTTP status): message`, the form every AWS failure is quoted in. */
export function describeError(error: unknown): string {
  const status = httpStatus(error)
  return `${errorName(error)}${status ? ` (HTTP ${status})` : ''}: ${errorMessage(error)}`
}

/**
 * One sentence from a quoted message (often an SDK's, which may end in its own full stop)
 * and the advice after it, with exactly one stop between: "found. Check", never "found.. Check".
 */
export function withAdvice(quoted: string, advice = ''): string {
  const trimmed = quoted.trimEnd()
  const sentence = /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`
  const rest = advice.trim()
  return rest ? `${sentence} ${rest}` : sentence
}

/** The error's name (an AWS SDK error's code), or 'Error'. */
export function errorName(error: unknown): string {
  return (error as Error | undefined)?.name ?? 'Error'
}

/** The HTTP status an AWS SDK error carries, if any. */
export function httpStatus(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata
    ?.httpStatusCode
}

/** What an entry point prints for a failure: the user-facing message, secrets removed. */
export function userMessage(error: unknown, secrets: ReadonlyArray<string | undefined>): string {
  const message =
    error instanceof UserError ? error.message : `Unexpected error: ${errorMessage(error)}`
  return redact(message, secrets)
}
