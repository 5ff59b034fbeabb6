import { CliOutput } from './cli-output.js'
import { parseExportConfig } from '../config/parse-export.js'
import { CLI_NAMES } from '../config/setting-names.js'
import type { RunObserver } from '../export/types.js'
import { completedSummary } from '../export/closed-failure.js'
import { partialSummaryOf } from '../export/partial-summary.js'
import { summaryJson } from '../report/outputs.js'
import { summaryText } from '../report/text.js'
import { exportFromConfig } from '../run-export.js'
import { VERSION } from '../version.js'

/** Runs the CLI and resolves to its exit status: 0 success, 1 failure, 2 bad usage. */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  // Loaded only when asked for, so an export never loads the CloudFormation and IAM clients.
  if (argv[0] === 'deploy') return (await import('../deploy/command.js')).deploy(argv.slice(1), env)
  if (argv[0] === 'verify') return (await import('./verify.js')).verify(argv.slice(1), env)
  const out = new CliOutput(argv, env)
  try {
    const request = out.read(argv, env)
    if (request === undefined) return 0
    if (request.version) {
      process.stdout.write(`${VERSION}\n`)
      return 0
    }
    const config = parseExportConfig(request.raw, { names: CLI_NAMES, env })
    const summary = await exportFromConfig(config, terminalObserver(out.stderr), {
      credentials: request.credentials
    })
    out.stdout(request.json ? JSON.stringify(summaryJson(summary), null, 2) : summaryText(summary))
    return 0
  } catch (error) {
    const completed = completedSummary(error)
    if (completed && !out.json) out.stdout(summaryText(completed))
    // `--json`: still one object, the error first, then what the run did.
    const partial = partialSummaryOf(error)
    return out.fail(error, 'harvest-s3-export', (message) => ({
      error: message,
      ...(partial && summaryJson(partial))
    }))
  }
}

/** Progress on one rewritten line on a terminal; plain log lines otherwise (CI logs, pipes). */
function terminalObserver(stderr: (text: string) => void): RunObserver {
  const tty = process.stderr.isTTY === true
  let progressShown = false
  const clearProgress = (): void => {
    if (progressShown) process.stderr.write('\r\x1b[K')
    progressShown = false
  }
  const line = (text: string): void => {
    clearProgress()
    stderr(text)
  }
  return {
    log: { info: line, warn: (message) => line(`warning: ${message}`) },
    progress: ({ daysFetched, daysTotal, daysWritten }) => {
      if (!tty) return
      process.stderr.write(
        `\r\x1b[Kdays fetched ${daysFetched}/${daysTotal}, written ${daysWritten}`
      )
      progressShown = true
    },
    phase: async (name, work) => {
      line(`== ${name}`)
      try {
        return await work()
      } finally {
        clearProgress()
      }
    }
  }
}
