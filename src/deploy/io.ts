/** How a deploy talks to its caller: lines out, the environment, and the token prompt. */
export interface DeployIo {
  out(line: string): void
  env: NodeJS.ProcessEnv
  cwd: string
  /** Asks for the token on a terminal; undefined when there is no terminal to ask on. */
  readToken?: () => Promise<string | undefined>
  /** Registers a value that must never appear in any output. */
  addSecret(value: string): void
  pollMs?: number
}
