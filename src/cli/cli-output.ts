import { secretValues } from '../config/inputs.js'
import { SETTINGS } from '../config/registry.js'
import { CLI_NAMES, spellerFor } from '../config/setting-names.js'
import { ConfigError, userMessage } from '../errors.js'
import { redact } from '../util/redact.js'
import { HELP, readCliSettings, type CliRequest } from './settings.js'

/**
 * Every CLI command's output, redacted of the secrets it knows, and its failures: the message
 * with settings spelled as flags, exit status 2 for bad settings and 1 otherwise.
 */
export class CliOutput {
  private readonly secrets: Array<string | undefined>
  /** Set before the flags are read, so that a failure to read them is also answered in JSON. */
  json: boolean

  constructor(argv: string[], env: NodeJS.ProcessEnv) {
    this.secrets = [env[SETTINGS.harvestAccessToken.env]]
    this.json = argv.includes('--json')
  }

  /** The command line's settings, their secrets learnt; undefined once `--help` is answered. */
  read(argv: string[], env: NodeJS.ProcessEnv): CliRequest | undefined {
    const request = readCliSettings(argv, env)
    this.json = request.json
    this.secrets.push(...secretValues(request.raw), request.credentials?.secretAccessKey)
    if (!request.help) return request
    process.stdout.write(HELP)
    return undefined
  }

  readonly stderr = (text: string): void =>
    void process.stderr.write(redact(text, this.secrets) + '\n')

  stdout(text: string): void {
    process.stdout.write(redact(text, this.secrets) + '\n')
  }

  /** Tells the failure (with `--json`, also as `json(message)` on stdout); resolves to the exit status. */
  fail(error: unknown, command: string, json = (message: string): object => ({ error: message })) {
    const message =
      error instanceof ConfigError
        ? error.message
        : userMessage(error, this.secrets, spellerFor(CLI_NAMES))
    this.stderr(`${command}: ${message}`)
    if (this.json) this.stdout(JSON.stringify(json(message), null, 2))
    return error instanceof ConfigError ? 2 : 1
  }
}
