/**
 * Where the tables live under the prefix: one Hive-style partition per spent month for the
 * time entries (so Athena's partition projection and DuckDB's `hive_partitioning` see
 * `spent_month`), one file per other resource.
 */
export function timeEntryTableKey(prefix: string, month: string): string {
  return `${prefix}tables/time_entries/spent_month=${month}/time_entries.parquet`
}

/** The spent month (`YYYY-MM`) whose time entries table `key` is, else undefined. */
export function monthOfTableKey(prefix: string, key: string): string | undefined {
  const month = /spent_month=(\d{4}-\d{2})\//.exec(key.slice(prefix.length))?.[1]
  return month !== undefined && key === timeEntryTableKey(prefix, month) ? month : undefined
}

export function resourceTableKey(prefix: string, resource: string): string {
  return `${prefix}tables/${resource}/${resource}.parquet`
}

/** Everything under the prefix that belongs to the tables (never a day file). */
export function tablesPrefix(prefix: string): string {
  return `${prefix}tables/`
}
