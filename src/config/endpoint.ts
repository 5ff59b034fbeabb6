import type { S3StoreSettings } from './config.js'
import type { SettingsReader } from './reader.js'
import { SETTINGS } from './registry.js'
import { isInsecureEndpoint } from './rules.js'
import { howToSet, type SettingNames } from './setting-names.js'

/** Plain http off this machine needs `insecure-endpoint`, carried on so the run warns. */
export function readEndpoint(
  reader: SettingsReader,
  names: SettingNames
): Pick<S3StoreSettings, 'endpoint' | 'insecureEndpoint'> {
  const endpoint = reader.optional('s3Endpoint')
  const allowed = reader.boolean('insecureEndpoint')
  if (endpoint === undefined || !isInsecureEndpoint(endpoint)) return { endpoint }
  if (!allowed)
    reader.fail(
      's3Endpoint',
      `an https:// URL (plain http:// only for localhost, 127.0.0.1 or ::1); for a store on a private network, ` +
        `set ${howToSet(names, SETTINGS.insecureEndpoint.input, 'true')} to send credentials and data unencrypted`
    )
  return { endpoint, insecureEndpoint: true }
}

/** What a run allowed an insecure endpoint by `insecure-endpoint` prints before it starts. */
export function insecureEndpointWarning(endpoint: string, names: SettingNames): string {
  return (
    `${names[SETTINGS.s3Endpoint.input] ?? SETTINGS.s3Endpoint.input} ${endpoint} is plain http:// and not on this machine: ` +
    `the store's credentials and the data travel unencrypted (allowed by ${howToSet(names, SETTINGS.insecureEndpoint.input, 'true')}).`
  )
}
