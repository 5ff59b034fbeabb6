import { jest } from '@jest/globals'

/** What the code under test wrote to stdout and stderr during one test. */
export interface CapturedOutput {
  stdout(): string
  stderr(): string
  /** Forgets what was written so far (between two runs inside one test). */
  clear(): void
}

/**
 * Captures process.stdout and process.stderr around every test of the calling `describe`
 * (nothing reaches the terminal), for tests that call a face's entry point in-process.
 */
export function captureOutput(): CapturedOutput {
  let out: string[] = []
  let err: string[] = []
  beforeEach(() => {
    out = []
    err = []
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => out.push(String(chunk)) > 0)
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => err.push(String(chunk)) > 0)
  })
  afterEach(() => jest.restoreAllMocks())
  return {
    stdout: () => out.join(''),
    stderr: () => err.join(''),
    clear: () => {
      out = []
      err = []
    }
  }
}
