import type { SettingsReader } from '../config/reader.js'
import { SETTING_NAMES, SETTINGS, type Setting, type SettingName } from '../config/registry.js'

/** The export's settings that have a deploy/lambda.yml parameter (the registry's `parameter`). */
const PARAMETER_SETTINGS = SETTING_NAMES.flatMap((name) => {
  const { parameter }: Setting = SETTINGS[name]
  return parameter !== undefined ? [{ name, parameter }] : []
})

/**
 * lambda.yml's parameters of the export's settings, read from `reader` (where the export's
 * rules already checked them): each the value the deployed function reads from the variable
 * the template passes it to, an unset one its registry default. A new setting needs only its
 * registry row and its lambda.yml parameter and variable.
 */
export function settingParameters(reader: SettingsReader): Record<string, string> {
  return Object.fromEntries(
    PARAMETER_SETTINGS.map(({ name, parameter }) => [parameter, parameterValue(reader, name)])
  )
}

/**
 * The value as the template's parameter takes it: a whole number in digits, a switch as
 * true/false (its AllowedValues), a list comma-separated. An invalid value was reported to
 * `reader` already (reported twice, it is listed once).
 */
function parameterValue(reader: SettingsReader, name: SettingName): string {
  const { type, values }: Setting = SETTINGS[name]
  const value = String(reader.value(name) ?? '')
  // A text with `values` is a list of them: the function splits it at commas and spaces.
  return type === 'text' && values
    ? value
        .split(/[\s,]+/)
        .filter(Boolean)
        .join(',')
    : value
}
