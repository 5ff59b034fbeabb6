/** One thing wrong with the archive, as the faces report it: a kind, a key (or a month), a detail. */
export interface Problem {
  kind:
    | 'unreadable'
    | 'wrong-day'
    | 'not-sorted'
    | 'not-canonical'
    | 'duplicate-id'
    | 'sha256'
    | 'state'
    | 'state-count'
    | 'missing-day'
    | 'harvest-count'
    | 'table'
    | 'resource'
  key: string
  detail: string
}

/**
 * A problem with what repairs it: a backfill over `months` (`YYYY-MM`); an export with
 * `resources` (resource objects); or, when no run can, `restore` from S3 versioning.
 */
export interface Finding {
  problem: Problem
  months: string[]
  restore?: boolean
  resources?: string[]
}

/** A problem a backfill over `months` repairs. */
export const finding = (
  kind: Problem['kind'],
  key: string,
  detail: string,
  months: string[]
): Finding => ({ problem: { kind, key, detail }, months })
