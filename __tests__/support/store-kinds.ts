import { Harness, removeDir, tempDir } from './harness.js'

/** The two stores a run can write to: S3 (s3rver) or a local directory (`out-dir`). */
export type StoreKind = 's3' | 'dir'

/** A started harness and an empty temporary directory, for tests that use either store. */
export interface HarnessAndDir {
  h: Harness
  dir: string
}

export async function startHarnessAndDir(): Promise<HarnessAndDir> {
  return { h: await new Harness().start(), dir: await tempDir() }
}

export async function stopHarnessAndDir({ h, dir }: HarnessAndDir): Promise<void> {
  await h.stop()
  await removeDir(dir)
}

/** `values` for a run into `kind`'s store: the harness's bucket, or `dir` with S3 unset. */
export function storeSettings(
  kind: StoreKind,
  dir: string,
  values: Record<string, string> = {}
): Record<string, string> {
  return kind === 's3' ? values : { ...values, 's3-bucket': '', 's3-endpoint': '', 'out-dir': dir }
}
