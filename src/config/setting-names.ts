import { kebabCase, render, setting, words, type Speller, type Wording } from '../wording.js'
import { SETTING_ROWS, type InputName, type Setting } from './registry.js'

export type Face = 'action' | 'cli' | 'lambda' | 'deploy'

/** How one face spells each setting it offers (`harvest-url`, `--harvest-url`, `HARVEST_URL`). */
export type SettingNames = { readonly face: Face } & Readonly<Partial<Record<InputName, string>>>

function spelled(face: Face, spell: (setting: Setting) => string | undefined): SettingNames {
  const names = SETTING_ROWS.map((setting) => [setting.input, spell(setting)] as const)
  return { face, ...Object.fromEntries(names.filter(([, spelling]) => spelling !== undefined)) }
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

/** For advice: `dry-run: true`, `--dry-run`, `TIMEZONE=UTC`, `"dry_run": true in the event`. */
export function howToSet(names: SettingNames, name: InputName, value: string): string {
  const spelled = names[name] ?? name
  // A flag without a value (`--dry-run`) means true.
  if (spelled.startsWith('--'))
    return value === 'true' && SETTING_ROWS.find((row) => row.input === name)?.type === 'boolean'
      ? spelled
      : `${spelled} ${value}`
  if (spelled.startsWith('event.')) {
    const json =
      value === 'true' || value === 'false' || /^\d+$/.test(value) ? value : JSON.stringify(value)
    return `"${spelled.slice('event.'.length)}": ${json} in the event`
  }
  if (/^[A-Z][A-Z0-9_]*$/.test(spelled)) return `${spelled}=${value}`
  return `${spelled}: ${value}`
}

/** Advice a face words its own way, where the store's words (store/s3-store.ts) do not fit. */
const ADVICE: Record<Face, Partial<Record<string, Wording>>> = {
  action: {
    's3-no-credentials': words`set ${setting('roleToAssume')}, or run aws-actions/configure-aws-credentials before this step`
  },
  cli: {
    's3-no-credentials': [
      "give them in --config's credentials or through the AWS SDK's default chain " +
        '(AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, SSO, an instance role)'
    ]
  },
  // A function's AWS_REGION is its own region, set by Lambda, not by the user.
  lambda: {
    's3-no-such-bucket': words`check ${setting('s3Bucket')} and that the bucket is in the function's region (${setting('awsRegion')})`,
    's3-no-credentials': [
      "the AWS SDK's default chain takes them from the function's execution role, so check that the function has one"
    ],
    's3-other-region': words`deploy the function in the bucket's region (${setting('awsRegion')} is the function's)`
  },
  deploy: {}
}

/** How a face writes the settings and advice a message refers to by canonical name. */
export function spellerFor(names: SettingNames): Speller {
  const spell: Speller = (ref) => {
    if ('advice' in ref) return render(ADVICE[names.face][ref.advice] ?? ref.fallback, spell)
    const input = kebabCase(ref.setting) as InputName
    return ref.value === undefined ? (names[input] ?? input) : howToSet(names, input, ref.value)
  }
  return spell
}
