import type { ExportConfig } from '../config/config.js'
import { ENVIRONMENT, environmentSettings } from '../config/environment.js'
import type { RawSettings } from '../config/inputs.js'
import { parseConfig } from '../config/parse.js'
import { ConfigError } from '../errors.js'
import { readEvent } from './event.js'

const TOKEN_PARAMETER = 'HARVEST_ACCESS_TOKEN_PARAMETER'

export interface LambdaSettings {
  config: ExportConfig
  warnings: string[]
}

/**
 * The Lambda's configuration: the environment variables SPEC.md lists, overridden by the
 * event, validated by the one parser every entry point uses. With
 * HARVEST_ACCESS_TOKEN_PARAMETER the token comes from SSM (`readToken`), fetched only once
 * everything else is known to be valid, so bad settings still fail before any network call.
 */
export async function lambdaSettings(
  env: NodeJS.ProcessEnv,
  event: unknown,
  readToken: (parameter: string) => Promise<string>
): Promise<LambdaSettings> {
  const overrides = readEvent(event)
  const raw: RawSettings = { ...unsetVariables(), ...environmentSettings(env), ...overrides.raw }
  const warnings: string[] = []
  if (overrides.ignored.length > 0) {
    warnings.push(
      `Ignored event fields ${overrides.ignored.join(', ')}: the event accepts days_back, from, to and dry_run.`
    )
  }
  const parameter = env[TOKEN_PARAMETER]?.trim()
  if (parameter) {
    if (raw['harvest-access-token']?.value)
      warnings.push(
        `Both ${TOKEN_PARAMETER} and HARVEST_ACCESS_TOKEN are set: the token is read from SSM.`
      )
    // Placeholder token: validates every other setting; the real one is validated below.
    exportConfig(
      {
        ...raw,
        'harvest-access-token': { value: 'from-ssm', label: `SSM parameter ${parameter}` }
      },
      env
    )
    raw['harvest-access-token'] = {
      value: await readToken(parameter),
      label: `SSM parameter ${parameter}`
    }
  }
  return { config: exportConfig(raw, env), warnings }
}

/**
 * Every variable the function reads, empty: the parser treats them as not set, but a missing
 * one is then reported by its variable name ("Missing S3_BUCKET_NAME").
 */
function unsetVariables(): RawSettings {
  const raw: RawSettings = {}
  for (const [variable, name] of Object.entries(ENVIRONMENT))
    raw[name] = { value: '', label: variable }
  raw['harvest-access-token'] = { value: '', label: `HARVEST_ACCESS_TOKEN (or ${TOKEN_PARAMETER})` }
  return raw
}

function exportConfig(raw: RawSettings, env: NodeJS.ProcessEnv): ExportConfig {
  const config = parseConfig(raw, env)
  // The Lambda's settings have no `command`, so this only guards the type.
  if (config.command !== 'export') throw new ConfigError(['The Lambda function runs exports only.'])
  return config
}
