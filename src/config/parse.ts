import type { Config, PublishConfig } from './config.js'
import type { RawSettings } from './inputs.js'
import { readAws, readEndpoint, readExportConfig, readVerifyConfig } from './parse-export.js'
import { SettingsReader } from './reader.js'
import { RULES } from './rules.js'
import { ACTION_NAMES } from './setting-names.js'

/** The action's inputs, for the command they ask for: every problem at once, before any call. */
export function parseConfig(
  raw: RawSettings,
  env: NodeJS.ProcessEnv = process.env,
  now = new Date()
): Config {
  const reader = new SettingsReader(raw, ACTION_NAMES)
  const command = reader.choice('command')
  const options = { names: ACTION_NAMES, env, now }
  const config =
    command === 'publish-lambda'
      ? readPublishConfig(reader, env)
      : command === 'verify'
        ? readVerifyConfig(reader, options)
        : readExportConfig(reader, options)
  reader.finish()
  return config
}

function readPublishConfig(reader: SettingsReader, env: NodeJS.ProcessEnv): PublishConfig {
  const aws = readAws(reader, env)
  const publish = {
    githubToken: reader.required('githubToken', RULES.githubToken.accepted),
    releaseTag: reader.text('releaseTag'),
    lambdaFunctionName: reader.text('lambdaFunctionName'),
    lambdaS3Key: reader.optional('lambdaS3Key'),
    bucket: reader.optional('s3Bucket'),
    ...readEndpoint(reader, ACTION_NAMES)
  }
  if (publish.lambdaS3Key !== undefined && publish.bucket === undefined) {
    const bucket = reader.label('s3Bucket')
    reader.problem(
      `${reader.label('lambdaS3Key')} is set but ${bucket} is not: set ${bucket} to the bucket to upload the Lambda zip to.`
    )
  }
  return { command: 'publish-lambda', names: ACTION_NAMES, aws, publish }
}
