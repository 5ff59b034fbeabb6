import type { RunObserver } from '../export/types.js'
import { redact } from '../util/redact.js'

export type Level = 'info' | 'warn' | 'error'

export type JsonLog = (level: Level, message: string, fields?: Record<string, unknown>) => void

/**
 * One JSON object per line on stdout: CloudWatch Logs Insights and metric filters can query
 * `level` and `phase` without parsing text. `secrets` is read at each call, so a token
 * learnt mid-run (from SSM) is redacted from then on.
 */
export function jsonLog(secrets: ReadonlyArray<string | undefined>): JsonLog {
  return (level, message, fields = {}) =>
    console.log(JSON.stringify({ level, message: redact(message, secrets), ...fields }))
}

/** The engine's logs and phases as JSON lines. */
export function jsonObserver(log: JsonLog): RunObserver {
  return {
    log: { info: (message) => log('info', message), warn: (message) => log('warn', message) },
    phase: (name, work) => {
      log('info', name, { phase: name })
      return work()
    }
  }
}
