import { spawn } from 'node:child_process'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { ProcessResult } from '../../support/processes.js'

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
  return new Promise((resolvePromise, reject) => {
    const child = spawn(node, args, {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }))
  })
}
