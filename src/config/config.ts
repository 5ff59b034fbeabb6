import type { ExportSettings } from '../export/types.js'
import type { WindowSettings } from '../export/window.js'
import type { HarvestClientOptions } from '../harvest/client.js'
import type { SettingNames } from './setting-names.js'

export interface S3StoreSettings {
  readonly kind: 's3'
  readonly bucket: string
  readonly endpoint?: string
  /** The endpoint is plain http off this machine, allowed by `insecure-endpoint`: warn. */
  readonly insecureEndpoint?: true
}

export type StoreSettings = S3StoreSettings | { readonly kind: 'dir'; readonly dir: string }

/** AWS access keys: the original script's config.json, or a role the action assumed. */
export interface AwsCredentials {
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly sessionToken?: string
}

export interface AwsSettings {
  readonly region: string
  readonly roleToAssume?: string
  readonly roleSessionName: string
  readonly roleDurationSeconds: number
  readonly audience: string
  /** Static or assumed keys; otherwise the SDK's default chain. */
  readonly credentials?: AwsCredentials
}

/** Never credentials: an entry point obtains them after parsing and passes them alongside. */
export type AwsConfig = Omit<AwsSettings, 'credentials'>

/** Each present: a field the engine declares without a registry row fails to compile. */
export type ExportOptions = {
  readonly [Key in keyof Required<ExportSettings>]: Key extends 'window'
    ? Readonly<WindowSettings>
    : ExportSettings[Key]
}

export type PublishSettings = Pick<S3StoreSettings, 'endpoint' | 'insecureEndpoint'> & {
  readonly [
    Key in 'githubToken' | 'releaseTag' | 'lambdaFunctionName' | 'lambdaS3Key' | 'bucket'
  ]?: string
}

export interface ExportConfig {
  readonly command: 'export'
  readonly names: SettingNames
  readonly harvest: Readonly<
    Pick<HarvestClientOptions, 'url' | 'accountId' | 'accessToken' | 'userAgent'>
  >
  readonly store: StoreSettings
  readonly aws: AwsConfig
  readonly export: ExportOptions
}

/** The export's settings describe the archive to check; the window is not used. */
export interface VerifyConfig extends Omit<ExportConfig, 'command'> {
  readonly command: 'verify'
}

export interface PublishConfig {
  readonly command: 'publish-lambda'
  readonly names: SettingNames
  readonly aws: AwsConfig
  readonly publish: PublishSettings
}

export type Config = ExportConfig | VerifyConfig | PublishConfig
