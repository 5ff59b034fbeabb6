import type { InputName, RawSettings } from './inputs.js'

/** The original script's Lambda environment variables (and this tool's additions). */
export const ENVIRONMENT: Record<string, InputName> = {
  HARVEST_ACCOUNT_ID: 'harvest-account-id',
  HARVEST_ACCESS_TOKEN: 'harvest-access-token',
  HARVEST_URL: 'harvest-url',
  S3_BUCKET_NAME: 's3-bucket',
  S3_PREFIX: 's3-prefix',
  S3_ENDPOINT: 's3-endpoint',
  DAYS_BACK: 'days-back',
  FORMAT: 'format',
  LAYOUT: 'layout',
  LATEST_KEY: 'latest-key',
  CHANGES: 'changes',
  TIMEZONE: 'timezone',
  ALLOW_EMPTY: 'allow-empty',
  LATE_EDITS: 'late-edits',
  RESOURCES: 'resources'
}

/** Settings from the environment variables the Lambda function reads. */
export function environmentSettings(env: NodeJS.ProcessEnv): RawSettings {
  const raw: RawSettings = {}
  for (const [variable, name] of Object.entries(ENVIRONMENT)) {
    const value = env[variable]
    if (value !== undefined && value.trim() !== '') raw[name] = { value, label: variable }
  }
  return raw
}
