import type { AwsConfig } from './config.js'
import type { SettingsReader } from './reader.js'
import { RULES } from './rules.js'

/** The AWS settings both commands share (region, and the role the action may assume). */
export function readAws(reader: SettingsReader, env: NodeJS.ProcessEnv): AwsConfig {
  const region =
    reader.text('aws-region') ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1'
  if (!RULES.region.test(region)) reader.fail('aws-region', RULES.region.accepted)
  return {
    region,
    roleToAssume: reader.optional('role-to-assume', RULES.roleArn),
    roleSessionName:
      reader.optional('role-session-name', RULES.roleSessionName) ?? 'harvest-s3-export',
    roleDurationSeconds: reader.integer('role-duration-seconds', 900, 43200, 3600),
    audience: reader.text('audience') ?? 'sts.amazonaws.com'
  }
}
