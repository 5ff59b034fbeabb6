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
