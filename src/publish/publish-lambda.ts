import type { AwsSettings, PublishSettings } from '../config/config.js'
import { ExportError } from '../errors.js'

export interface PublishResult {
  assetUrl: string
  sha256: string
}

/**
 * `command: publish-lambda`: builds the reproducible Lambda zip and uploads it to a release.
 * STUB: implemented in issue 4.
 */
export async function publishLambda(
  settings: PublishSettings,
  aws: AwsSettings,
  log: (message: string) => void
): Promise<PublishResult> {
  void settings
  void aws
  void log
  throw new ExportError('publish-lambda is not supported yet')
}
