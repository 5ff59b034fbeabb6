import type { AwsConfig } from './config.js'
import type { SettingsReader } from './reader.js'
import { RULES } from './rules.js'

/** The AWS settings both commands share (region, and the role the action may assume). */
export function readAws(reader: SettingsReader, env: NodeJS.ProcessEnv): AwsConfig {
  const region = reader.text('awsRegion') ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1'
  if (!RULES.region.test(region)) reader.fail('awsRegion', RULES.region.accepted)
  return {
    region,
    roleToAssume: reader.optional('roleToAssume'),
    roleSessionName: reader.optional('roleSessionName') ?? '',
    roleDurationSeconds: reader.integer('roleDurationSeconds'),
    audience: reader.optional('audience') ?? ''
  }
}
