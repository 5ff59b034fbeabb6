/**
 * Counts the pages of time entries parsed whole (`JSON.parse` of a body starting as
 * Harvest's does), so tests can tell what a run parsed without a hook in the engine.
 */
export async function pageParsesOf(run: () => unknown): Promise<number> {
  const original = JSON.parse
  let count = 0
  JSON.parse = function (this: JSON, ...args: Parameters<typeof JSON.parse>) {
    if (typeof args[0] === 'string' && args[0].startsWith('{"time_entries":[')) count++
    return original.apply(this, args) as unknown
  } as typeof JSON.parse
  try {
    await run()
  } finally {
    JSON.parse = original
  }
  return count
}
