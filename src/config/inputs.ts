import { SETTING_NAMES, SETTINGS, type InputName } from './registry.js'

export type { InputName }

/**
 * The settings every entry point understands, named as the action's inputs (the README's
 * Inputs table): the action reads them from `INPUT_*`, the CLI from flags, the environment or
 * the original script's config.json, the Lambda from its environment and event; all then go
 * through the one validation in `parse.ts`.
 */
export const INPUT_NAMES: readonly InputName[] = SETTING_NAMES.map((name) => SETTINGS[name].input)

/** One raw setting and how its user wrote it (`input timezone`, `--timezone`, `TIMEZONE`). */
export interface RawSetting {
  value: string
  label: string
}

export type RawSettings = Partial<Record<InputName, RawSetting>>

/** Inputs whose values are never echoed back, even in error messages. */
export const SECRET_INPUTS: ReadonlySet<InputName> = new Set(
  SETTING_NAMES.flatMap((name) => {
    const setting = SETTINGS[name]
    return 'secret' in setting && setting.secret ? [setting.input] : []
  })
)

/** The values of the secret inputs that were given, for redacting output. */
export function secretValues(raw: RawSettings): Array<string | undefined> {
  return [...SECRET_INPUTS].map((name) => raw[name]?.value.trim())
}

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
