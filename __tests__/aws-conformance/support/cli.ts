import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { runClean, type ProcessResult } from '../../support/processes.js'

/** The CLI from source (src/cli/index.ts through tsx), as a user's shell would run the bin. */
export function runCliSource(
  args: string[],
  env: Record<string, string>,
  cwd = process.cwd()
): Promise<ProcessResult> {
  const tsx = pathToFileURL(resolve('node_modules/tsx/dist/loader.mjs')).href
  return runScript(['--import', tsx, resolve('src/cli/index.ts'), ...args], env, cwd)
}

/** Runs `node <args>` in a clean environment: nothing inherited but PATH and HOME. */
export function runScript(
  args: string[],
  env: Record<string, string>,
  cwd = process.cwd(),
  node = process.execPath
): Promise<ProcessResult> {
  return runClean(node, args, env, cwd)
}
