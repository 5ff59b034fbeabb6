import { environmentSettings, type RawSettings } from '../config/inputs.js'
import { parseExportConfig, parseVerifyConfig, withAccessToken } from '../config/parse-export.js'
import { LAMBDA_NAMES } from '../config/setting-names.js'
import { EVENT_FIELD_LIST, readEvent } from './event.js'

const TOKEN_PARAMETER = 'HARVEST_ACCESS_TOKEN_PARAMETER'

/**
 * The environment, then the event; the SSM token last, so bad settings fail before any call.
 * `{ "command": "verify" }` asks for the audit; anything else runs the export.
 */
export async function lambdaSettings(
  env: NodeJS.ProcessEnv,
  event: unknown,
  readToken: (parameter: string) => Promise<string>
) {
  const overrides = readEvent(event)
  const parse = overrides.command === 'verify' ? parseVerifyConfig : parseExportConfig
  const raw: RawSettings = { ...environmentSettings(env), ...overrides.raw }
  const warnings: string[] = []
  if (overrides.ignored.length > 0)
    warnings.push(
      `Ignored event fields ${overrides.ignored.join(', ')}: the event accepts ${EVENT_FIELD_LIST}.`
    )
  const parameter = env[TOKEN_PARAMETER]?.trim()
  if (!parameter) {
    raw['harvest-access-token'] ??= {
      value: '',
      label: `HARVEST_ACCESS_TOKEN (or ${TOKEN_PARAMETER})`
    }
    const names = { ...LAMBDA_NAMES, 'harvest-access-token': 'HARVEST_ACCESS_TOKEN' }
    return { config: parse(raw, { names, env }), warnings }
  }
  const { 'harvest-access-token': plainToken, ...rest } = raw
  if (plainToken?.value)
    warnings.push(
      `Both ${TOKEN_PARAMETER} and HARVEST_ACCESS_TOKEN are set: the token is read from SSM.`
    )
  const config = parse(rest, { names: LAMBDA_NAMES, env, accessToken: 'later' })
  const token = { value: await readToken(parameter), label: `SSM parameter ${parameter}` }
  return { config: withAccessToken(config, token), warnings }
}
