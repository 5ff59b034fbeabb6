import { expect } from '@jest/globals'
import { ConfigError } from '../../src/errors.js'

/** The message of the ConfigError `run` throws (or its promise rejects with); fails otherwise. */
export async function configErrorOf(run: () => unknown): Promise<string> {
  try {
    await run()
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    return (error as Error).message
  }
  throw new Error('expected a ConfigError')
}
