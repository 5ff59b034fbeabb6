import type { InputName, RawSettings } from './inputs.js'
import { SETTING_NAMES, SETTINGS } from './registry.js'

/** The original script's Lambda environment variables (and this tool's additions), by variable. */
export const ENVIRONMENT: Readonly<Record<string, InputName>> = Object.fromEntries(
  SETTING_NAMES.flatMap((name) => {
    const setting = SETTINGS[name]
    return 'env' in setting ? [[setting.env, setting.input]] : []
  })
)

/** Settings from the environment variables the Lambda function reads. */
export function environmentSettings(env: NodeJS.ProcessEnv): RawSettings {
  const raw: RawSettings = {}
  for (const [variable, name] of Object.entries(ENVIRONMENT)) {
    const value = env[variable]
    if (value !== undefined && value.trim() !== '') raw[name] = { value, label: variable }
  }
  return raw
}
