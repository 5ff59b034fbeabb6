import type { PublishConfig } from './config.js'
import { readAws } from './parse-aws.js'
import type { SettingsReader } from './reader.js'
import { RULES } from './rules.js'
import type { SettingNames } from './setting-names.js'

/** The `publish-lambda` command's settings (the action only). */
export function readPublishConfig(
  reader: SettingsReader,
  names: SettingNames,
  env: NodeJS.ProcessEnv
): PublishConfig {
  const aws = readAws(reader, env)
  const publish = {
    githubToken: reader.required('github-token', RULES.githubToken, RULES.githubToken.accepted),
    releaseTag: reader.text('release-tag'),
    lambdaFunctionName: reader.text('lambda-function-name'),
    lambdaS3Key: reader.optional('lambda-s3-key', RULES.objectKey),
    bucket: reader.optional('s3-bucket', RULES.bucket),
    endpoint: reader.optional('s3-endpoint', RULES.endpoint)
  }
  if (publish.lambdaS3Key !== undefined && publish.bucket === undefined) {
    const bucket = reader.label('s3-bucket')
    reader.problem(
      `${reader.label('lambda-s3-key')} is set but ${bucket} is not: set ${bucket} to the bucket to upload the Lambda zip to.`
    )
  }
  return { command: 'publish-lambda', names, aws, publish }
}
