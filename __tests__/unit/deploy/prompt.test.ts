import { PassThrough } from 'node:stream'
import type { ReadStream } from 'node:tty'
import { promptHidden } from '../../../src/deploy/io.js'

/** A terminal as far as the prompt uses one: raw mode switchable, keys typed into it. */
function terminal(): {
  input: ReadStream
  output: PassThrough
  shown: () => string
  rawModes: boolean[]
} {
  const input = new PassThrough() as unknown as ReadStream & PassThrough
  const rawModes: boolean[] = []
  input.setRawMode = (mode: boolean) => {
    rawModes.push(mode)
    return input
  }
  const output = new PassThrough()
  let text = ''
  output.on('data', (chunk) => (text += chunk))
  return { input, output, shown: () => text, rawModes }
}

describe('the hidden token prompt', () => {
  it('reads up to Enter in raw mode, honours backspace, and shows none of what was typed', async () => {
    const t = terminal()
    const answer = promptHidden('Token: ', t.input, t.output)
    t.input.write('secret-tokx\u007fen\r')
    await expect(answer).resolves.toBe('secret-token')
    expect(t.shown()).toBe('Token: \n')
    expect(t.rawModes).toEqual([true, false])
  })

  it('aborts on Ctrl-C and leaves raw mode', async () => {
    const t = terminal()
    const answer = promptHidden('Token: ', t.input, t.output)
    t.input.write('abc\u0003')
    await expect(answer).rejects.toThrow('aborted')
    expect(t.rawModes).toEqual([true, false])
  })
})
