import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { runNode, type ProcessResult } from './processes.js'
import { tempDir } from './harness.js'
import { readZip } from './zip-reader.js'

/** Calls the handler once per event in one process (one cold start), and records each outcome. */
const RUNNER = `import { readFileSync, writeFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
const [handlerPath, eventsPath, resultsPath] = process.argv.slice(2)
const { handler } = await import(pathToFileURL(handlerPath).href)
const results = []
for (const event of JSON.parse(readFileSync(eventsPath, 'utf8'))) {
  // Lambda's context: RUNNER_TIMEOUT_MS plays the function's timeout.
  const deadline = Date.now() + Number(process.env.RUNNER_TIMEOUT_MS ?? 900000)
  const context = { getRemainingTimeInMillis: () => deadline - Date.now() }
  try {
    results.push({ value: await handler(event, context) })
  } catch (error) {
    results.push({ error: { name: error.name, message: error.message, stack: String(error.stack) } })
  }
}
writeFileSync(resultsPath, JSON.stringify(results))
`

export type Outcome =
  | { value: Record<string, unknown>; error?: undefined }
  | { value?: undefined; error: { name: string; message: string; stack: string } }

export interface Invocation extends ProcessResult {
  outcomes: Outcome[]
  /** stdout parsed line by line; a line that is not JSON fails the parse (and the test). */
  logs: Array<Record<string, unknown>>
}

/**
 * The Lambda zip unpacked into an empty directory outside the repository (as Lambda unpacks
 * it into /var/task: no node_modules anywhere up the tree), run with Node 24.
 */
export class LambdaSandbox {
  private constructor(
    readonly taskDir: string,
    private readonly workDir: string
  ) {}

  static async unpack(zip: Buffer): Promise<LambdaSandbox> {
    const taskDir = await tempDir()
    const workDir = await tempDir()
    for (const entry of readZip(zip)) {
      const path = join(taskDir, entry.name)
      await mkdir(dirname(path), { recursive: true })
      await writeFile(path, entry.content, { mode: entry.mode & 0o777 })
    }
    await writeFile(join(workDir, 'runner.mjs'), RUNNER)
    return new LambdaSandbox(taskDir, workDir)
  }

  files(): Promise<string[]> {
    return readdir(this.taskDir)
  }

  async invoke(events: unknown[], env: Record<string, string>): Promise<Invocation> {
    const eventsPath = join(this.workDir, 'events.json')
    const resultsPath = join(this.workDir, 'results.json')
    await writeFile(eventsPath, JSON.stringify(events))
    await rm(resultsPath, { force: true })
    const result = await runNode(
      join(this.workDir, 'runner.mjs'),
      [join(this.taskDir, 'index.mjs'), eventsPath, resultsPath],
      env,
      this.taskDir
    )
    let outcomes: Outcome[]
    try {
      outcomes = JSON.parse(await readFile(resultsPath, 'utf8')) as Outcome[]
    } catch {
      throw new Error(
        `the runner wrote no results (exit ${result.code}):\n${result.stderr}\n${result.stdout}`
      )
    }
    const logs = result.stdout
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
    return { ...result, outcomes, logs }
  }

  async dispose(): Promise<void> {
    await rm(this.taskDir, { recursive: true, force: true })
    await rm(this.workDir, { recursive: true, force: true })
  }
}
