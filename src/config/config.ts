import type { ExportSettings } from '../export/types.js'

export interface HarvestSettings {
  url: string
  accountId: string
  accessToken: string
  userAgent: string
}

export type StoreSettings =
  { kind: 's3'; bucket: string; endpoint?: string } | { kind: 'dir'; dir: string }

export interface AwsSettings {
  region: string
  roleToAssume?: string
  roleSessionName: string
  roleDurationSeconds: number
  audience: string
  /** Static keys (the original script's config.json); otherwise the SDK's default chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }
}

export interface PublishSettings {
  githubToken?: string
  releaseTag?: string
  lambdaFunctionName?: string
  lambdaS3Key?: string
  bucket?: string
  /** s3-endpoint, for the zip's upload to an S3-compatible store. */
  endpoint?: string
}

/** A validated configuration: every entry point builds one, the engine runs from it. */
export type Config =
  | {
      command: 'export'
      harvest: HarvestSettings
      store: StoreSettings
      aws: AwsSettings
      export: ExportSettings
    }
  | { command: 'publish-lambda'; aws: AwsSettings; publish: PublishSettings }

export type ExportConfig = Extract<Config, { command: 'export' }>
