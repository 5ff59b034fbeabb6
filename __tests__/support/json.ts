/**
 * `JSON.parse` typed as the shape the caller expects. Tests parse bodies they assert on, so a
 * wrong shape shows up as a failing expectation, not as `any` leaking through the test.
 */
export function parseJson<T>(text: string): T {
  return JSON.parse(text) as T
}
