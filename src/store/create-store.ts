import type { AwsSettings, StoreSettings } from '../config/config.js'
import { DirStore } from './dir-store.js'
import { S3Store } from './s3-store.js'
import type { Store } from './store.js'

export function createStore(settings: StoreSettings, aws: AwsSettings): Store {
  if (settings.kind === 'dir') return new DirStore(settings.dir)
  return new S3Store({
    bucket: settings.bucket,
    region: aws.region,
    endpoint: settings.endpoint,
    credentials: aws.credentials
  })
}
