import type { StoredObject } from '../store/store.js'

/**
 * Reads `keys` with at most `ahead` GETs in flight and hands each object to `visit` in key
 * order, so results do not depend on which GET answers first and at most `ahead` bodies are
 * held at a time however large the archive grows. An object gone since the LIST is
 * `undefined`. The first failed read fails the whole walk, once the reads in flight settle.
 */
export async function readInOrder(
  keys: readonly string[],
  ahead: number,
  get: (key: string) => Promise<StoredObject | undefined>,
  visit: (key: string, object: StoredObject | undefined, index: number) => void
): Promise<void> {
  const pending: Array<Promise<StoredObject | undefined>> = []
  let next = 0
  const fill = (): void => {
    while (next < keys.length && pending.length < Math.max(1, ahead)) {
      const read = get(keys[next++])
      // Awaited in turn below: a failure ahead of its turn is not unhandled meanwhile.
      read.catch(() => undefined)
      pending.push(read)
    }
  }
  try {
    for (let index = 0; index < keys.length; index++) {
      fill()
      const object = await pending.shift()!
      visit(keys[index], object, index)
    }
  } finally {
    await Promise.allSettled(pending)
  }
}
