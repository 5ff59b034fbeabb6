import type { PublishConfig } from './config.js'
import { readEndpoint } from './endpoint.js'
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
    githubToken: reader.required('githubToken', RULES.githubToken.accepted),
    releaseTag: reader.text('releaseTag'),
    lambdaFunctionName: reader.text('lambdaFunctionName'),
    lambdaS3Key: reader.optional('lambdaS3Key'),
    bucket: reader.optional('s3Bucket'),
    ...readEndpoint(reader, names)
  }
  if (publish.lambdaS3Key !== undefined && publish.bucket === undefined) {
    const bucket = reader.label('s3Bucket')
    reader.problem(
      `${reader.label('lambdaS3Key')} is set but ${bucket} is not: set ${bucket} to the bucket to upload the Lambda zip to.`
    )
  }
  return { command: 'publish-lambda', names, aws, publish }
}
