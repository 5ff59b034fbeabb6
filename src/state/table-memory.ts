/**
 * The state's record of what each month's time-entries table was built from (`tables`): a
 * fingerprint of the month's day files (keys and ETags) when its table was last made
 * true. A month whose day files no longer match it (an earlier run wrote them and stopped
 * before the table) or that has none is rebuilt, so a table is never left behind.
 */
export class TableMemory {
  /** Fingerprints this run made true, per month (`YYYY-MM`). */
  readonly updates = new Map<string, string>()

  constructor(private readonly recorded: Readonly<Record<string, string>> | undefined) {}

  recall(month: string): string | undefined {
    return this.updates.get(month) ?? this.recorded?.[month]
  }

  remember(month: string, fingerprint: string): void {
    this.updates.set(month, fingerprint)
  }
}
