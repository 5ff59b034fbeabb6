import type { DeployIo } from './io.js'

/** The --dry-run output: what a real run would do, in order; nothing is called or written. */
export function printPlan(io: DeployIo, steps: string[]): void {
  io.out('Dry run: nothing is created or changed. A real run would:')
  let number = 0
  for (const line of steps) io.out(line.startsWith('    ') ? line : `${++number}. ${line}`)
}
