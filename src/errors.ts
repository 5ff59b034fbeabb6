import { redact } from './util/redact.js'
import { CANONICAL, render, type Speller, type Wording } from './wording.js'

/** A message meant for the user, spelled each entry point's way; any other error is a bug. */
export class UserError extends Error {
  /** The message with its setting references; `message` spells them canonically. */
  readonly wording: Wording

  constructor(message: string | Wording, options?: ErrorOptions) {
    const wording = typeof message === 'string' ? [message] : message
    super(render(wording), options)
    this.wording = wording
  }
}

/** An error's wording, setting references kept; any other error's message. */
export function wordingOf(error: unknown): Wording {
  return error instanceof UserError ? error.wording : [errorMessage(error)]
}

/** An export run (or something it relies on, such as AWS credentials) failed. */
export class ExportError extends UserError {}

/** Bad configuration: detected before any network call. */
export class ConfigError extends UserError {
  constructor(readonly problems: string[]) {
    super(problems.length === 1 ? problems[0] : `Invalid settings:\n- ${problems.join('\n- ')}`)
  }
}

/** Harvest answered in a way that makes the run impossible (bad credentials, wrong URL...). */
export class HarvestError extends ExportError {
  /** Harvest's HTTP status, when the error is its answer (401: the token was refused). */
  readonly status?: number

  constructor(message: string | Wording, options: ErrorOptions & { status?: number } = {}) {
    super(message, options)
    this.status = options.status
  }
}

/** Reading or writing the store failed. */
export class StoreError extends ExportError {}

/** The run refused to write because the result could not be trusted. */
export class SafetyError extends ExportError {}

// `error.name` is each class's own name, set here because bundles minify class names.
const NAMED = { UserError, ExportError, ConfigError, HarvestError, StoreError, SafetyError }
for (const [name, type] of Object.entries(NAMED))
  Object.defineProperty(type.prototype, 'name', { value: name, writable: true, configurable: true })

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

/** An AWS SDK error's name is its code. */
export function errorName(error: unknown): string {
  return (error as Error | undefined)?.name ?? 'Error'
}

export function httpStatus(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata
    ?.httpStatusCode
}

/** What an entry point prints for a failure: the user-facing message spelled its way, secrets removed. */
export function userMessage(
  error: unknown,
  secrets: ReadonlyArray<string | undefined>,
  spell: Speller = CANONICAL
): string {
  const message =
    error instanceof UserError
      ? render(error.wording, spell)
      : `Unexpected error: ${errorMessage(error)}`
  return redact(message, secrets)
}
