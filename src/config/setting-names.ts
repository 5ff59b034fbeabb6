import { SETTING_ROWS, type InputName, type Setting } from './registry.js'

export type Face = 'action' | 'cli' | 'lambda' | 'deploy'

/** How one face spells each setting it offers (`harvest-url`, `--harvest-url`, `HARVEST_URL`). */
export type SettingNames = { readonly face: Face } & Readonly<Partial<Record<InputName, string>>>

function spelled(face: Face, spell: (setting: Setting) => string | undefined): SettingNames {
  const names: Record<string, string> = { face }
  for (const setting of SETTING_ROWS) {
    const spelling = spell(setting)
    if (spelling !== undefined) names[setting.input] = spelling
  }
  return names as SettingNames
}

export const ACTION_NAMES = spelled('action', (setting) => setting.input)

/** The token is never a flag: its environment variable. */
export const CLI_NAMES = spelled('cli', (setting) => setting.flag ?? setting.env)

/** The token is named by its SSM parameter, unless `lambdaSettings` read HARVEST_ACCESS_TOKEN. */
export const LAMBDA_NAMES = spelled(
  'lambda',
  (setting) => setting.lambda ?? setting.env ?? (setting.event && `event.${setting.event.field}`)
)

/** `deploy lambda`: the flags of the settings it puts in the template. */
export const DEPLOY_NAMES = spelled('deploy', (setting) =>
  setting.parameter !== undefined ? setting.flag : undefined
)

/** Flags the CLI takes without a value (`--dry-run` means true). */
export const CLI_SWITCHES = new Set(
  SETTING_ROWS.filter((setting) => setting.type === 'boolean' && setting.flag).map(
    (setting) => setting.input as InputName
  )
)

/** For advice: `dry-run: true`, `--dry-run`, `TIMEZONE=UTC`, `"dry_run": true in the event`. */
export function howToSet(names: SettingNames, name: InputName, value: string): string {
  const spelled = names[name] ?? name
  if (spelled.startsWith('--'))
    return CLI_SWITCHES.has(name) && value === 'true' ? spelled : `${spelled} ${value}`
  if (spelled.startsWith('event.')) {
    const json =
      value === 'true' || value === 'false' || /^\d+$/.test(value) ? value : JSON.stringify(value)
    return `"${spelled.slice('event.'.length)}": ${json} in the event`
  }
  if (/^[A-Z][A-Z0-9_]*$/.test(spelled)) return `${spelled}=${value}`
  return `${spelled}: ${value}`
}
