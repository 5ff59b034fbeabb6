import type { ExportSummary } from './types.js'

/** Failed runs' summaries, by the error they failed with (the error itself stays as it is). */
const PARTIAL = new WeakMap<object, ExportSummary>()

/** Records what the run did before `error`, for a face that reports it (`--json`). */
export function withPartialSummary(error: unknown, summary: ExportSummary): unknown {
  if (typeof error === 'object' && error !== null) PARTIAL.set(error, summary)
  return error
}

/** What a failed run did before it failed, when it got as far as a summary. */
export function partialSummaryOf(error: unknown): ExportSummary | undefined {
  return typeof error === 'object' && error !== null ? PARTIAL.get(error) : undefined
}
