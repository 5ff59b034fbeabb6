import { secretValues } from '../config/inputs.js'
import { SETTINGS } from '../config/registry.js'
import { CLI_NAMES, spellerFor } from '../config/setting-names.js'
import { ConfigError, userMessage } from '../errors.js'
import { redact } from '../util/redact.js'
import type { CliRequest } from './settings.js'

/**
 * What every CLI command writes, each line redacted of the secrets it knows (the token from
 * the environment, then those the command line brought), and how a failure is told: its
 * message with settings spelled as flags, and the exit status (2 bad settings, 1 otherwise).
 */
export class CliOutput {
  private readonly secrets: Array<string | undefined>

  constructor(env: NodeJS.ProcessEnv) {
    this.secrets = [env[SETTINGS.harvestAccessToken.env]]
  }

  /** The secrets of the settings just read. */
  learn(request: CliRequest): void {
    this.secrets.push(...secretValues(request.raw), request.credentials?.secretAccessKey)
  }

  readonly stderr = (text: string): void => void process.stderr.write(this.redact(text) + '\n')

  stdout(text: string): void {
    process.stdout.write(this.redact(text) + '\n')
  }

  redact(text: string): string {
    return redact(text, this.secrets)
  }

  failureMessage(error: unknown): string {
    return error instanceof ConfigError
      ? error.message
      : userMessage(error, this.secrets, spellerFor(CLI_NAMES))
  }
}

/** The exit status of a failed command: 2 for bad usage or settings, 1 for anything else. */
export const failureStatus = (error: unknown): number => (error instanceof ConfigError ? 2 : 1)
