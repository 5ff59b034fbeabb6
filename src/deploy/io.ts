import type { StackResult } from './stack.js'

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

/** The --dry-run output: what a real run would do, in order; nothing is called or written. */
export function printPlan(io: DeployIo, steps: string[]): void {
  io.out('Dry run: nothing is created or changed. A real run would:')
  let number = 0
  for (const line of steps) io.out(line.startsWith('    ') ? line : `${++number}. ${line}`)
}

export function printStackResult(io: DeployIo, stackName: string, result: StackResult): void {
  io.out(
    `Stack ${stackName}: ${result.outcome === 'unchanged' ? 'no changes' : `${result.outcome} (${result.changes.length} resource changes)`}`
  )
  for (const change of result.changes) io.out(`    ${change}`)
}
