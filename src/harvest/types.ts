/**
 * A Harvest time entry (`GET /v2/time_entries`): only the fields read are typed; the others are
 * carried through untouched, so nothing Harvest adds later is lost from the stored files.
 */
export interface TimeEntry {
  id: number
  spent_date: string
  created_at: string
  hours?: number | null
  [field: string]: unknown
}

/** One page of `GET /v2/time_entries`, as far as pagination and completeness need it. */
export interface TimeEntriesPage {
  time_entries: TimeEntry[]
  total_entries?: number | null
  links?: { next?: string | null } | null
  [field: string]: unknown
}

/**
 * Where pages of time entries come from: the HTTP client, or a scripted double in tests.
 * Reads built on it (`readRange`, `fetchWindow`) decide completeness themselves.
 */
export interface TimeEntryPages {
  /** Requests sent so far, retries included. */
  readonly requests: number
  firstPage(from: string, to: string, signal?: AbortSignal): Promise<TimeEntriesPage>
  /** The page a `links.next` points to, exactly as Harvest returned it. */
  nextPage(next: string, signal?: AbortSignal): Promise<TimeEntriesPage>
}

/** Every entry Harvest has with a spent date in `from..to`, checked complete. */
export interface DaysRead {
  from: string
  to: string
  entries: TimeEntry[]
  /** Each date's digest of Harvest's bytes for its entries, when every page was located. */
  digestOf?: (date: string) => string
  /** Each date's count and hours, known unparsed when the pages are the last run's. */
  summaryOf?: (date: string) => DaySummary
  /** The entries are byte for byte the last run's read's: the names they embed are in the state. */
  sameAsLastRun?: boolean
}

export interface DaySummary {
  count: number
  /** The sum of the day's `hours`, in Harvest's order (as a day book adds them). */
  hours: number
}

/**
 * What a complete read of `from..to` was last time (kept in the state): a digest of its
 * pages' entry bytes, and per date with entries its summary and source digest.
 */
export interface ReadRecord {
  pages: string
  days: ReadonlyMap<string, RecordedDay>
}

export interface RecordedDay extends DaySummary {
  digest: string
}

/** The last run's reads and this run's (`state/memory.ts`). */
export interface ReadMemo {
  recall(from: string, to: string): ReadRecord | undefined
  remember(from: string, to: string, record: ReadRecord): void
  /** The ranges the last run read, with their entry counts, oldest first. */
  ranges(): ReadonlyArray<KnownRange>
}

export interface KnownRange {
  from: string
  to: string
  count: number
}
