/**
 * The settings every entry point understands, named as the action's inputs (the README's Inputs table). The
 * action reads them from `INPUT_*`, the CLI from flags, the environment or the original
 * script's config.json, the Lambda from its environment and event; all then go through
 * the one validation in `parse.ts`; `setting-names.ts` says how each face spells them.
 */
export const INPUT_NAMES = [
  'command',
  'harvest-account-id',
  'harvest-access-token',
  'harvest-url',
  'user-agent',
  's3-bucket',
  's3-prefix',
  's3-endpoint',
  'out-dir',
  'aws-region',
  'role-to-assume',
  'role-session-name',
  'role-duration-seconds',
  'audience',
  'days-back',
  'from',
  'to',
  'timezone',
  'format',
  'layout',
  'latest-key',
  'changes',
  'dry-run',
  'allow-empty',
  'late-edits',
  'resources',
  'github-token',
  'release-tag',
  'lambda-function-name',
  'lambda-s3-key'
] as const

export type InputName = (typeof INPUT_NAMES)[number]

/** One raw setting and how its user wrote it (`input days-back`, `--days-back`, `DAYS_BACK`). */
export interface RawSetting {
  value: string
  label: string
}

export type RawSettings = Partial<Record<InputName, RawSetting>>

/** Inputs whose values are never echoed back, even in error messages. */
export const SECRET_INPUTS: ReadonlySet<InputName> = new Set([
  'harvest-access-token',
  'github-token'
])

/** The values of the secret inputs that were given, for redacting output. */
export function secretValues(raw: RawSettings): Array<string | undefined> {
  return [...SECRET_INPUTS].map((name) => raw[name]?.value.trim())
}
