import type { AwsSettings, StoreSettings } from './config/config.js'
import { ACTION_NAMES, type SettingNames } from './config/setting-names.js'
import { DirStore } from './store/dir-store.js'
import { S3Store, type S3Advice } from './store/s3-store.js'
import type { Store } from './store/store.js'

/** The store a validated config describes (wiring: the store layer knows nothing of configs). */
export function createStore(
  settings: StoreSettings,
  aws: AwsSettings,
  names: SettingNames = ACTION_NAMES
): Store {
  if (settings.kind === 'dir') return new DirStore(settings.dir)
  return new S3Store({
    bucket: settings.bucket,
    region: aws.region,
    endpoint: settings.endpoint,
    credentials: aws.credentials,
    advice: s3Advice(names)
  })
}

/** S3's advice in the words of the face: only the action has role-to-assume. */
export function s3Advice(names: SettingNames): S3Advice {
  const bucket = names['s3-bucket']
  const region = names['aws-region']
  switch (names.face) {
    case 'action':
      return {
        noSuchBucket: `check ${bucket} and ${region}`,
        noCredentials: `set ${names['role-to-assume'] ?? 'role-to-assume'}, or run aws-actions/configure-aws-credentials before this step`,
        otherRegion: `set ${region} to the bucket's region`
      }
    case 'cli':
    case 'deploy':
      return {
        noSuchBucket: `check ${bucket} and ${region}`,
        noCredentials:
          "give them in --config's credentials or through the AWS SDK's default chain " +
          '(AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, SSO, an instance role)',
        otherRegion: `set ${region} to the bucket's region`
      }
    case 'lambda':
      // A function's AWS_REGION is its own region, set by Lambda, not by the user.
      return {
        noSuchBucket: `check ${bucket} and that the bucket is in the function's region (${region})`,
        noCredentials:
          "the AWS SDK's default chain takes them from the function's execution role, so check that the function has one",
        otherRegion: `deploy the function in the bucket's region (${region} is the function's)`
      }
  }
}
