import { SETTING_ROWS, type InputName } from './registry.js'

export type { InputName }

/** Every face's raw settings are keyed by the action's input names, then parsed once. */
export const INPUT_NAMES = SETTING_ROWS.map((setting) => setting.input as InputName)

/** One raw setting and how its user wrote it (`input timezone`, `--timezone`, `TIMEZONE`). */
export interface RawSetting {
  value: string
  label: string
}

export type RawSettings = Partial<Record<InputName, RawSetting>>

export const SECRET_INPUTS: ReadonlySet<InputName> = new Set(
  INPUT_NAMES.filter((_, index) => SETTING_ROWS[index].secret)
)

/** The values of the secret inputs that were given, for redacting output. */
export function secretValues(raw: RawSettings): Array<string | undefined> {
  return [...SECRET_INPUTS].map((name) => raw[name]?.value.trim())
}

/** The Lambda's environment variables (the original script's, and this tool's additions). */
export const ENVIRONMENT: Readonly<Record<string, InputName>> = Object.fromEntries(
  SETTING_ROWS.flatMap(({ env, input }) => (env ? [[env, input as InputName]] : []))
)

export function environmentSettings(env: NodeJS.ProcessEnv): RawSettings {
  const raw: RawSettings = {}
  for (const [variable, name] of Object.entries(ENVIRONMENT)) {
    const value = env[variable]
    if (value !== undefined && value.trim() !== '') raw[name] = { value, label: variable }
  }
  return raw
}
