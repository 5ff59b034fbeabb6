import { CliOutput } from './cli-output.js'
import { parseVerifyConfig } from '../config/parse-export.js'
import { SETTINGS } from '../config/registry.js'
import { CLI_NAMES } from '../config/setting-names.js'
import { verifyJson, verifyText, type RepairSpelling } from '../report/verify-report.js'
import { verifyFromConfig } from '../run-verify.js'
import { shellWord } from '../wording.js'

/** Flags a repair's backfill sets itself, or that mean nothing for an export. */
const VALUED = new Set<string>([SETTINGS.from.flag, SETTINGS.to.flag, SETTINGS.daysBack.flag])
const DROPPED = new Set(['--json', ...VALUED])

/** `argv` without the flags in `dropped` (and the values of those in `valued`). */
function without(
  argv: readonly string[],
  dropped: ReadonlySet<string>,
  valued: ReadonlySet<string>
): string[] {
  const kept: string[] = []
  for (let index = 0; index < argv.length; index++) {
    const [flag] = argv[index].split('=', 1)
    if (!dropped.has(flag)) kept.push(argv[index])
    else if (valued.has(flag) && !argv[index].includes('=')) index++
  }
  return kept
}

/**
 * The repair commands, each one a user can paste and run: this verify's own flags, with the
 * repair's window (a backfill) or its resources (an export of them) instead.
 */
export function cliRepairs(argv: readonly string[]): RepairSpelling {
  const kept = without(argv, DROPPED, VALUED)
  const base = ['harvest-s3-export', ...kept].map(shellWord).join(' ')
  const resourcesFlag = new Set([SETTINGS.resources.flag])
  const exportBase = ['harvest-s3-export', ...without(kept, resourcesFlag, resourcesFlag)]
    .map(shellWord)
    .join(' ')
  return {
    backfill: (from, to, tables) =>
      `${base} ${SETTINGS.from.flag} ${from} ${SETTINGS.to.flag} ${to}` +
      (tables && !kept.some((arg) => arg.startsWith(SETTINGS.tables.flag))
        ? ` ${SETTINGS.tables.flag} parquet`
        : ''),
    export: (resources) => `${exportBase} ${SETTINGS.resources.flag} ${resources.join(',')}`
  }
}

/**
 * `harvest-s3-export verify [options]`: the export's settings, the archive audited, a table
 * of problems with their repairs. Exit status: 0 whole, 1 problems found or the check failed,
 * 2 bad usage or settings.
 */
export async function verify(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const out = new CliOutput(argv, env)
  const { stderr } = out
  const tty = process.stderr.isTTY === true
  try {
    const request = out.read(argv, env)
    if (request === undefined) return 0
    const config = parseVerifyConfig(request.raw, { names: CLI_NAMES, env })
    const spelling = cliRepairs(argv)
    const result = await verifyFromConfig(
      config,
      { info: stderr, warn: (message) => stderr(`warning: ${message}`) },
      {
        credentials: request.credentials,
        progress: (checked, total) => {
          if (!tty) return
          process.stderr.write(`\r\x1b[Kday files checked ${checked}/${total}`)
          if (checked === total) process.stderr.write('\r\x1b[K')
        }
      }
    )
    const output = out.json
      ? JSON.stringify(verifyJson(result, spelling), null, 2)
      : verifyText(result, spelling)
    out.stdout(output)
    return result.problems.length === 0 ? 0 : 1
  } catch (error) {
    return out.fail(error, 'harvest-s3-export verify')
  }
}
