import { SETTING_NAMES, SETTINGS, type Setting } from '../../src/config/registry.js'

/**
 * One of the export's settings `deploy lambda` puts in deploy/lambda.yml (its registry row has a
 * parameter): a value for its flag other than its default, and what the template's parameter,
 * and so the function's environment variable, then holds.
 */
export interface DeploySample {
  setting: Setting
  /** The flag and its value, as a user types them. */
  argv: string[]
  /** The parameter's value (a switch true, a list comma-separated). */
  value: string
}

/** Values tried in turn for a text setting: the first its rule accepts is its sample. */
const TEXTS = ['latest/harvest.json', 'Europe/Berlin', 'exports/harvest7/', 'acme-harvest-7', '777']

/** A sample for every registry row with a parameter, derived from the row alone. */
export function deploySamples(): DeploySample[] {
  return SETTING_NAMES.flatMap((name): DeploySample[] => {
    const setting: Setting = SETTINGS[name]
    if (setting.parameter === undefined || setting.flag === undefined) return []
    const { flag } = setting
    const other = (values: readonly string[]) => values.filter((value) => value !== setting.default)
    switch (setting.type) {
      case 'boolean':
        return [{ setting, argv: [flag], value: 'true' }]
      case 'integer': {
        const [value] = other(
          [7, 8].map((n) => String(Math.min(setting.max ?? n, (setting.min ?? 0) + n)))
        )
        return [{ setting, argv: [flag, value], value }]
      }
      case 'choice': {
        const [value] = other(setting.values ?? [])
        return [{ setting, argv: [flag, value], value }]
      }
      case 'text': {
        if (setting.values) {
          const names = other(setting.values).slice(-2)
          return [{ setting, argv: [flag, names.join(' ')], value: names.join(',') }]
        }
        const value = other(TEXTS).find((text) => setting.rule?.test(text) ?? true)
        if (value === undefined)
          throw new Error(`No sample for ${flag}: add a value its rule accepts to TEXTS`)
        return [{ setting, argv: [flag, value], value }]
      }
    }
  })
}
