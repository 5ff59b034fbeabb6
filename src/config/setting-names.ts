import { SETTING_NAMES, SETTINGS, type InputName, type Setting } from './registry.js'

/** The entry points ("faces") of the product. */
export type Face = 'action' | 'cli' | 'lambda' | 'deploy'

/**
 * How one face spells each setting it offers (`harvest-url` / `--harvest-url` / `HARVEST_URL`):
 * messages use it to name a setting the user did not write, and to say what to change.
 * A setting the face does not offer has no entry.
 */
export type SettingNames = { readonly face: Face } & Readonly<Partial<Record<InputName, string>>>

/** Each input spelled by `spell`, when the face offers it. */
function spelled(face: Face, spell: (setting: Setting) => string | undefined): SettingNames {
  const names: Record<string, string> = { face }
  for (const name of SETTING_NAMES) {
    const setting: Setting = SETTINGS[name]
    const spelling = spell(setting)
    if (spelling !== undefined) names[setting.input] = spelling
  }
  return names as SettingNames
}

/** The action: its inputs (action.yml). */
export const ACTION_NAMES = spelled('action', (setting) => setting.input)

/** The CLI: its flags, and the token's environment variable (the token is never a flag). */
export const CLI_NAMES = spelled('cli', (setting) => setting.flag ?? setting.env)

/**
 * The Lambda function: its environment variables, the event's fields for what only the
 * event sets, and the function's own region. The token is named by the SSM parameter that
 * holds it (the deploy template's way); `lambdaSettings` says HARVEST_ACCESS_TOKEN when the
 * token came from that variable instead.
 */
export const LAMBDA_NAMES = spelled(
  'lambda',
  (setting) => setting.lambda ?? setting.env ?? (setting.event && `event.${setting.event.field}`)
)

/** `deploy lambda`: the CLI's flags of the settings it puts in the template. */
export const DEPLOY_NAMES = spelled('deploy', (setting) =>
  setting.parameter !== undefined ? setting.flag : undefined
)

/** Flags the CLI takes without a value (`--dry-run` means true). */
export const CLI_SWITCHES: ReadonlySet<InputName> = new Set(
  SETTING_NAMES.flatMap((name) => {
    const setting: Setting = SETTINGS[name]
    return setting.type === 'boolean' && setting.flag ? [SETTINGS[name].input] : []
  })
)

/**
 * How a user of the face sets `name` to `value`, for advice such as "re-run with ...":
 * `dry-run: true`, `--dry-run`, `TIMEZONE=UTC`, `"dry_run": true in the event`.
 */
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
