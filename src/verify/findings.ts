import type { Problem } from './problems.js'

/**
 * A problem with what repairs it: a backfill over `months` (`YYYY-MM`), or, when none can,
 * `restore` (the object is put back from S3 versioning, or another backup).
 */
export interface Finding {
  problem: Problem
  months: string[]
  /** Nothing a run writes repairs it: the object must be restored from a backup. */
  restore?: boolean
  /** An export run with these resources rewrites it (resource objects). */
  resources?: string[]
}
