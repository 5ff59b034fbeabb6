import { ENVIRONMENT } from './environment.js'
import { INPUT_NAMES, type InputName } from './inputs.js'

/** The entry points ("faces") of the product. */
export type Face = 'action' | 'cli' | 'lambda'

/** The settings every face offers for an export, so a message can always name them. */
export type ExportSettingName = Exclude<
  InputName,
  | 'command'
  | 'user-agent'
  | 'out-dir'
  | 'role-to-assume'
  | 'role-session-name'
  | 'role-duration-seconds'
  | 'audience'
  | 'github-token'
  | 'release-tag'
  | 'lambda-function-name'
  | 'lambda-s3-key'
>

/**
 * How one face spells each setting it offers (`s3-bucket` / `--bucket` / `S3_BUCKET_NAME`):
 * messages use it to name a setting the user did not write, and to say what to change.
 * A setting the face does not offer has no entry.
 */
export type SettingNames = { readonly face: Face } & Readonly<Record<ExportSettingName, string>> &
  Readonly<Partial<Record<InputName, string>>>

/** The action: its inputs (action.yml). */
export const ACTION_NAMES: SettingNames = {
  face: 'action',
  ...(Object.fromEntries(INPUT_NAMES.map((name) => [name, name])) as Record<InputName, string>)
}

/** The CLI: its flags, and the token's environment variable (the token is never a flag). */
export const CLI_NAMES: SettingNames = {
  face: 'cli',
  'harvest-account-id': '--account-id',
  'harvest-access-token': 'HARVEST_ACCESS_TOKEN',
  'harvest-url': '--harvest-url',
  'user-agent': '--user-agent',
  's3-bucket': '--bucket',
  's3-prefix': '--prefix',
  's3-endpoint': '--endpoint',
  'out-dir': '--out-dir',
  'aws-region': '--region',
  'days-back': '--days-back',
  from: '--from',
  to: '--to',
  timezone: '--timezone',
  format: '--format',
  layout: '--layout',
  'latest-key': '--latest-key',
  changes: '--changes',
  'dry-run': '--dry-run',
  'allow-empty': '--allow-empty',
  'late-edits': '--late-edits',
  resources: '--resources'
}

/**
 * The Lambda function: its environment variables, the event's fields for what only the
 * event sets, and the function's own region. The token is named by the SSM parameter that
 * holds it (the deploy template's way); `lambdaSettings` says HARVEST_ACCESS_TOKEN when the
 * token came from that variable instead.
 */
export const LAMBDA_NAMES: SettingNames = {
  face: 'lambda',
  ...(Object.fromEntries(
    Object.entries(ENVIRONMENT).map(([variable, name]) => [name, variable])
  ) as Record<ExportSettingName, string>),
  'harvest-access-token': 'HARVEST_ACCESS_TOKEN_PARAMETER',
  'aws-region': 'AWS_REGION',
  from: 'event.from',
  to: 'event.to',
  'dry-run': 'event.dry_run'
}

/** Flags the CLI takes without a value (`--allow-empty` means true). */
export const CLI_SWITCHES: ReadonlySet<InputName> = new Set(['changes', 'dry-run', 'allow-empty'])

/**
 * How a user of the face sets `name` to `value`, for advice such as "re-run with ...":
 * `allow-empty: true`, `--allow-empty`, `ALLOW_EMPTY=true`, `"dry_run": true in the event`.
 */
export function howToSet(names: SettingNames, name: ExportSettingName, value: string): string {
  const spelled = names[name]
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
