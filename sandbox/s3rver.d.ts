declare module 's3rver' {
  interface S3rverOptions {
    port?: number
    address?: string
    silent?: boolean
    directory: string
    resetOnClose?: boolean
    configureBuckets?: Array<{ name: string; configs?: unknown[] }>
  }
  /** Where s3rver keeps an object's bytes (`resource` 'object') and metadata on disk. */
  interface FilesystemStore {
    getResourcePath(bucket: string, key: string, resource: string): string
  }
  export default class S3rver {
    readonly store: FilesystemStore
    constructor(options: S3rverOptions)
    run(): Promise<{ address: string; port: number }>
    close(): Promise<void>
  }
}
