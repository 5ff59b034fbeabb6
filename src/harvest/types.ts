/**
 * A Harvest time entry as returned by `GET /v2/time_entries`. Only the fields the exporter
 * reads are typed; every other field is carried through untouched, so nothing Harvest adds
 * later is lost from the stored files.
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
  /** The first page of the entries spent in `from..to`. */
  firstPage(from: string, to: string, signal?: AbortSignal): Promise<TimeEntriesPage>
  /** The page a `links.next` points to, exactly as Harvest returned it. */
  nextPage(next: string, signal?: AbortSignal): Promise<TimeEntriesPage>
}

/** Every entry Harvest has with a spent date in `from..to`, checked complete. */
export interface DaysRead {
  from: string
  to: string
  entries: TimeEntry[]
  /**
   * Each date's digest of the bytes Harvest sent for its entries (`source-digest.ts`), when
   * every page of the read could be located byte for byte.
   */
  digestOf?: (date: string) => string
  /**
   * Each date's entry count and hours, when the read knows them without its entries being
   * parsed (pages byte for byte the last run's, `state/read-memory.ts`); `entries` then parses on
   * first use.
   */
  summaryOf?: (date: string) => DaySummary
  /**
   * True when the read's entries are byte for byte those of the last run's read of the same
   * range: the names they embed are in the state already.
   */
  sameAsLastRun?: boolean
}

export interface DaySummary {
  count: number
  /** The sum of the day's `hours`, in Harvest's order (as a day book adds them). */
  hours: number
}

/**
 * What a complete read of `from..to` was last time: a digest of its pages' entry bytes and
 * each date's summary and digest. Kept in the state so the next run, reading the very same
 * bytes, can skip parsing them.
 */
export interface ReadRecord {
  pages: string
  /** Per date with entries (`YYYY-MM-DD`): count, hours and the day's source digest. */
  days: ReadonlyMap<string, RecordedDay>
}

export interface RecordedDay extends DaySummary {
  digest: string
}

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
