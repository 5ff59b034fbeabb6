import type { ReadStream } from 'node:tty'

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
