import { LAMBDA_NAMES, spellerFor } from './config/setting-names.js'
import { ExportError, UserError, userMessage } from './errors.js'
import { completedSummary } from './export/closed-failure.js'
import { jsonLog, jsonObserver } from './lambda/log.js'
import { lambdaSettings } from './lambda/settings.js'
import { rereadTokenOnUnauthorized, ssmToken } from './lambda/ssm-token.js'
import { summaryJson } from './report/outputs.js'
import { exportFromConfig } from './run-export.js'
import { verifyInvocation } from './lambda/verify.js'

/** The part of Lambda's context object the handler uses. */
interface LambdaContext {
  getRemainingTimeInMillis?: () => number
}

/**
 * A signal that fires shortly before the invocation would be killed, so the run stops
 * starting new work and finishes its writes instead of dying mid-write. The margin is a
 * tenth of the time left, between 1 s and 30 s (30 s of a 300 s function).
 */
function deadlineSignal(context: LambdaContext | undefined) {
  const remaining = context?.getRemainingTimeInMillis?.()
  if (typeof remaining !== 'number' || !Number.isFinite(remaining))
    return { signal: undefined, clear: () => undefined }
  const margin = Math.min(30_000, Math.max(1_000, remaining / 10))
  const controller = new AbortController()
  const reason = new ExportError(
    `Stopped early: the function was about to reach its timeout (${Math.round(remaining / 1000)} s left at the start); ` +
      'raise the timeout or export a shorter window per invocation.'
  )
  const timer = setTimeout(() => controller.abort(reason), Math.max(0, remaining - margin))
  timer.unref()
  return { signal: controller.signal, clear: () => clearTimeout(timer) }
}

/**
 * The Lambda handler: environment + event -> the same engine as the action and the CLI.
 * Returns the action's outputs as JSON; throws on failure so the invocation is marked failed
 * (EventBridge retries, alarms and dead-letter queues depend on it). `{ "command": "verify" }`
 * audits the archive instead, and fails the same way when it is not whole.
 */
export async function handler(
  event: unknown,
  context?: LambdaContext
): Promise<Record<string, unknown>> {
  const secrets: Array<string | undefined> = [process.env.HARVEST_ACCESS_TOKEN]
  const log = jsonLog(secrets)
  const deadline = deadlineSignal(context)
  // How the function's settings are named in messages; the token's depends on where it came from.
  let names = LAMBDA_NAMES
  try {
    return await rereadTokenOnUnauthorized(process.env.HARVEST_ACCESS_TOKEN_PARAMETER, async () => {
      const { config, warnings } = await lambdaSettings(process.env, event, ssmToken)
      secrets.push(config.harvest.accessToken)
      names = config.names
      for (const warning of warnings) log('warn', warning)
      if (config.command === 'verify') return verifyInvocation(config, log)
      const summary = await exportFromConfig(config, jsonObserver(log), { stop: deadline.signal })
      const result = summaryJson(summary)
      log(
        'info',
        `${summary.dryRun ? 'Dry run finished' : 'Export finished'}: ${summary.windowFrom}..${summary.windowTo}`,
        { summary: result }
      )
      return result
    })
  } catch (error) {
    const message = userMessage(error, secrets, spellerFor(names))
    // A run failed by on-closed-change still reports what it did, closed_changes included.
    const completed = completedSummary(error)
    log('error', message, {
      error: (error as Error)?.name,
      ...(completed && { summary: summaryJson(completed) })
    })
    // A new error: its stack and cause (an SDK or HTTP error) could carry what was redacted.
    const failure = new Error(message)
    if (error instanceof UserError) failure.name = error.name
    throw failure
  } finally {
    deadline.clear()
  }
}
