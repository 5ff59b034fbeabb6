import type { ReadStream } from 'node:tty'
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

/**
 * Reads a secret from the terminal without echoing it: raw mode, so no character reaches the
 * screen, not even as `*`. Enter ends it; Ctrl-C or Ctrl-D aborts.
 */
export function promptHidden(
  question: string,
  input: ReadStream,
  output: NodeJS.WritableStream
): Promise<string> {
  return new Promise((resolve, reject) => {
    output.write(question)
    let value = ''
    const finish = (error?: Error): void => {
      input.setRawMode(false)
      input.pause()
      input.off('data', onData)
      output.write('\n')
      if (error) reject(error)
      else resolve(value)
    }
    const onData = (chunk: Buffer): void => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') return finish()
        if (char === '\u0003' || char === '\u0004') return finish(new Error('aborted'))
        if (char === '\u007f' || char === '\b') value = value.slice(0, -1)
        else if (char >= ' ') value += char
      }
    }
    input.setRawMode(true)
    input.resume()
    input.on('data', onData)
  })
}
