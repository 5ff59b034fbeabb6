import type { VerifyConfig } from '../config/config.js'
import { SETTINGS } from '../config/registry.js'
import { ExportError } from '../errors.js'
import { verifyHeadline, verifyJson, type RepairSpelling } from '../report/verify-report.js'
import { verifyFromConfig } from '../run-verify.js'
import type { JsonLog } from './log.js'

/** A repair is an invocation of the same function with a backfill event. */
const LAMBDA_REPAIRS: RepairSpelling = {
  backfill: (from, to, tables) =>
    `invoke the function with the event {"${SETTINGS.from.event.field}": "${from}", "${SETTINGS.to.event.field}": "${to}"}` +
    (tables ? ` with its ${SETTINGS.tables.env} set to parquet` : ''),
  export: (resources) =>
    `invoke the function with ${SETTINGS.resources.env} including ${resources.join(', ')} (the next scheduled export)`
}

/** An archive that is not whole fails the invocation: a failed-invocations alarm then tells. */
export class ArchiveNotWholeError extends ExportError {}
Object.defineProperty(ArchiveNotWholeError.prototype, 'name', { value: 'ArchiveNotWholeError' })

/**
 * `{ "command": "verify" }`: the audit, logged as one JSON line with every problem. Returns
 * `{ problems, days_checked, ... }` when the archive is whole; throws otherwise, the message
 * naming the problems (the first ten) and the repairs.
 */
export async function verifyInvocation(
  config: VerifyConfig,
  log: JsonLog
): Promise<Record<string, unknown>> {
  const result = await verifyFromConfig(config, {
    info: (message) => log('info', message),
    warn: (message) => log('warn', message)
  })
  const json = verifyJson(result, LAMBDA_REPAIRS)
  log(result.problems.length === 0 ? 'info' : 'error', verifyHeadline(result), { verify: json })
  if (result.problems.length === 0) return json
  const shown = result.problems.slice(0, 10).map((p) => `${p.kind} ${p.key}: ${p.detail}`)
  const more = result.problems.length > 10 ? [`... and ${result.problems.length - 10} more`] : []
  throw new ArchiveNotWholeError(
    [verifyHeadline(result), ...shown, ...more, 'Repair:', ...(json.repairs as string[])].join('\n')
  )
}
