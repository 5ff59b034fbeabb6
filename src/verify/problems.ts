/** One thing wrong with the archive: what kind, where (a key, or a month), and the detail. */
export interface Problem {
  kind: ProblemKind
  key: string
  detail: string
}

export type ProblemKind =
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
