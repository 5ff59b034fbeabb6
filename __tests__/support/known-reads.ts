import { WINDOW, type Harness } from './harness.js'

/** The harness's prefix's state object, as the known-reads tests inspect and edit it. */
export const STATE_KEY = 'harvest/.harvest-s3-export/state.json'

export interface StoredState {
  reads?: Record<string, { pages: string; days: Record<string, [number, number, string]> }>
  [field: string]: unknown
}

/** What the known-reads tests ask of a running harness (one account of 100,000 entries). */
export function knownReads(h: () => Harness) {
  const rangeRequests = (from: string, to: string) =>
    h().harvest.requestLog.filter((request) => {
      const query = new URL(request.url, h().harvest.url).searchParams
      return query.get('from') === from && query.get('to') === to
    })
  return {
    state: async (): Promise<StoredState> =>
      JSON.parse((await h().s3.getText(STATE_KEY))!) as StoredState,
    /** Requests for the range `from..to`, retries included. */
    requestsOf: (from: string, to: string): number => rangeRequests(from, to).length,
    /** Pages of the range: a request retried on a busy machine asks for the same page again. */
    pagesOf: (from: string, to: string): number =>
      new Set(rangeRequests(from, to).map((request) => request.url)).size,
    inWindow: () =>
      h().harvest.entries.filter((e) => e.spent_date >= WINDOW.from && e.spent_date <= WINDOW.to)
  }
}
