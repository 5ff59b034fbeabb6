import type { Config } from './config.js'
import type { RawSettings } from './inputs.js'
import { readExportConfig } from './parse-export.js'
import { readPublishConfig } from './parse-publish.js'
import { readVerifyConfig } from './parse-verify.js'
import { SettingsReader } from './reader.js'
import { ACTION_NAMES } from './setting-names.js'

/**
 * Validates the action's inputs into a `Config` for the command they ask for, before any
 * network call, reporting every problem at once. (The CLI and the Lambda function run
 * exports and verify only: `parseExportConfig`, `parseVerifyConfig`.)
 */
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
      ? readPublishConfig(reader, ACTION_NAMES, env)
      : command === 'verify'
        ? readVerifyConfig(reader, options)
        : readExportConfig(reader, options)
  reader.finish()
  return config
}
