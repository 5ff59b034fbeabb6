import type { AwsSettings, StoreSettings } from './config/config.js'
import { DirStore } from './store/dir-store.js'
import { S3Store } from './store/s3-store.js'
import type { Store } from './store/store.js'

/** The store a validated config describes (wiring: the store layer knows nothing of configs). */
export function createStore(settings: StoreSettings, aws: AwsSettings): Store {
  if (settings.kind === 'dir') return new DirStore(settings.dir)
  return new S3Store({
    bucket: settings.bucket,
    region: aws.region,
    endpoint: settings.endpoint,
    credentials: aws.credentials
  })
}
