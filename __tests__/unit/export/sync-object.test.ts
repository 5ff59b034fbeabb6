import { StoreError } from '../../../src/errors.js'
import {
  ASK_STORE,
  commitObject,
  fromListing,
  inspectObject,
  syncObject,
  type WantedObject
} from '../../../src/export/sync-object.js'
import type { PutOptions } from '../../../src/store/store.js'
import { Digests, sha256Hex } from '../../../src/util/hash.js'
import { MemoryStore } from '../../support/memory-store.js'

const KEY = 'p/20250101.json'
const wanted = (body: string): WantedObject => ({
  key: KEY,
  body: Buffer.from(body),
  contentType: 'application/json'
})

async function listed(store: MemoryStore) {
  const [object] = await store.list('p/', KEY, KEY)
  store.calls.length = 0
  return fromListing(object)
}

describe('inspecting an object before writing it', () => {
  it('settles an unchanged object from its listed ETag alone', async () => {
    const store = new MemoryStore()
    store.seed(KEY, 'same')
    const inspection = await inspectObject(store, wanted('same'), await listed(store), true)
    expect(inspection.unchanged).toBe(true)
    expect(store.calls).toEqual([])
  })

  it('asks nothing for a key the listing did not show', async () => {
    const store = new MemoryStore()
    const inspection = await inspectObject(store, wanted('new'), fromListing(undefined), true)
    expect(inspection).toMatchObject({ unchanged: false, current: undefined })
    expect(store.calls).toEqual([])
  })

  it('settles an opaque ETag of the same length by the stored SHA-256, without a GET', async () => {
    const store = new MemoryStore({ opaqueEtags: true })
    await store.put(KEY, Buffer.from('same'), {
      contentType: 'application/json',
      sha256: sha256Hex(Buffer.from('same')),
      md5: ''
    })
    store.calls.length = 0
    const inspection = await inspectObject(store, wanted('same'), await listed(store), true)
    expect(inspection.unchanged).toBe(true)
    expect(store.calls.map((call) => call.call)).toEqual(['head'])
  })

  it('compares the bytes of an opaque object another tool wrote (no checksum metadata)', async () => {
    const store = new MemoryStore({ opaqueEtags: true })
    store.seed(KEY, 'same')
    const inspection = await inspectObject(store, wanted('same'), await listed(store), true)
    expect(inspection.unchanged).toBe(true)
    expect(store.calls.map((call) => call.call)).toEqual(['head', 'get'])
  })

  it('downloads a differing object only when the decision wants the old bytes', async () => {
    const store = new MemoryStore()
    store.seed(KEY, 'old, longer')
    const without = await inspectObject(store, wanted('new'), await listed(store), false)
    expect(without.unchanged).toBe(false)
    expect(without.previous).toBeUndefined()
    expect(store.calls).toEqual([])
    const withPrevious = await inspectObject(store, wanted('new'), await listed(store), true)
    expect(withPrevious.previous?.body.toString()).toBe('old, longer')
    expect(store.calls.map((call) => call.call)).toEqual(['get'])
  })

  it('asks the store with one HEAD when nothing is known', async () => {
    const store = new MemoryStore()
    store.seed(KEY, 'same')
    const inspection = await inspectObject(store, wanted('same'), ASK_STORE, true)
    expect(inspection.unchanged).toBe(true)
    expect(store.calls.map((call) => call.call)).toEqual(['head'])
  })
})

describe('conditional writes', () => {
  it('reports a lost race when the object changed after it was inspected', async () => {
    const store = new MemoryStore()
    store.seed(KEY, 'v1')
    const inspection = await inspectObject(store, wanted('v2'), await listed(store), true)
    store.seed(KEY, 'someone else')
    expect(await commitObject(store, inspection)).toBe('lost-race')
    expect(store.text(KEY)).toBe('someone else')
  })

  it('reports a lost race when an object appeared at a key that had none', async () => {
    const store = new MemoryStore()
    const inspection = await inspectObject(store, wanted('mine'), fromListing(undefined), true)
    store.seed(KEY, 'theirs')
    expect(await commitObject(store, inspection)).toBe('lost-race')
  })

  it('re-inspects from the store after a lost race and decides again', async () => {
    const store = new MemoryStore()
    store.seed(KEY, 'v1')
    const seen: string[] = []
    await syncObject(
      store,
      { wanted: wanted('v3'), known: await listed(store), wantPrevious: true },
      async (inspection) => {
        seen.push(inspection.previous?.body.toString() ?? '')
        if (seen.length === 1) store.seed(KEY, 'v2')
        return commitObject(store, inspection)
      }
    )
    expect(seen).toEqual(['v1', 'v2'])
    expect(store.text(KEY)).toBe('v3')
  })

  it('takes a write whose reply was lost as done, decided against the version it replaced', async () => {
    const store = new MemoryStore()
    store.seed(KEY, 'v1')
    store.loseReply = () => true
    const seen: Array<{ previous?: string; landed?: boolean; decision: string }> = []
    await syncObject(
      store,
      { wanted: wanted('v2'), known: await listed(store), wantPrevious: true },
      async (inspection) => {
        const decision = await commitObject(store, inspection)
        seen.push({
          previous: inspection.previous?.body.toString(),
          landed: inspection.landed,
          decision
        })
        return decision
      }
    )
    expect(seen).toEqual([
      { previous: 'v1', landed: undefined, decision: 'lost-race' },
      { previous: 'v1', landed: true, decision: 'done' }
    ])
    expect(store.text(KEY)).toBe('v2')
    expect(store.count('put')).toBe(1)
  })

  it('gives up on a key that keeps changing, leaving the other writer its bytes', async () => {
    const store = new MemoryStore()
    store.seed(KEY, 'v0')
    let rounds = 0
    const sync = syncObject(
      store,
      { wanted: wanted('mine'), known: ASK_STORE, wantPrevious: false },
      async (inspection) => {
        store.seed(KEY, `theirs ${++rounds}`)
        return commitObject(store, inspection)
      }
    )
    await expect(sync).rejects.toThrow(StoreError)
    await expect(sync).rejects.toThrow(`The object ${KEY} kept changing`)
    expect(rounds).toBe(5)
    expect(store.text(KEY)).toBe('theirs 5')
  })
})

/** Digests that count what the decisions ask of them. */
class CountedDigests extends Digests {
  asked = { md5: 0, sha256: 0 }
  override get md5Hex(): string {
    this.asked.md5++
    return super.md5Hex
  }
  override get sha256Hex(): string {
    this.asked.sha256++
    return super.sha256Hex
  }
}

describe('digests asked only where a decision needs them', () => {
  it('writes a key the listing did not show with its SHA-256 and no MD5', async () => {
    const store = new MemoryStore()
    const puts: PutOptions[] = []
    const put = store.put.bind(store)
    store.put = (key, body, options) => (puts.push(options), put(key, body, options))
    const digests = new CountedDigests(Buffer.from('new ✅\n'))
    const inspection = await inspectObject(
      store,
      wanted('new ✅\n'),
      fromListing(undefined),
      true,
      digests
    )
    expect(await commitObject(store, inspection)).toBe('done')
    expect(digests.asked).toEqual({ md5: 0, sha256: 1 })
    expect(puts).toHaveLength(1)
    expect(puts[0].sha256).toBe(sha256Hex(Buffer.from('new ✅\n')))
    expect(puts[0].md5).toBeUndefined()
    expect(store.text(KEY)).toBe('new ✅\n')
  })

  it('settles an unchanged body from its listed ETag without a SHA-256', async () => {
    const store = new MemoryStore()
    store.seed(KEY, 'same ✅\n')
    const digests = new CountedDigests(Buffer.from('same ✅\n'))
    const inspection = await inspectObject(
      store,
      wanted('same ✅\n'),
      await listed(store),
      true,
      digests
    )
    expect(inspection.unchanged).toBe(true)
    expect(digests.asked).toEqual({ md5: 1, sha256: 0 })
  })

  it('asks no MD5 of a listed object of another size', async () => {
    const store = new MemoryStore()
    store.seed(KEY, 'old\n')
    const digests = new CountedDigests(Buffer.from('longer ✅\n'))
    const inspection = await inspectObject(
      store,
      wanted('longer ✅\n'),
      await listed(store),
      false,
      digests
    )
    expect(inspection.unchanged).toBe(false)
    expect(digests.asked).toEqual({ md5: 0, sha256: 0 })
    expect(store.calls).toEqual([])
  })

  it('asks no SHA-256 of a same-length object whose HEAD carries none', async () => {
    const store = new MemoryStore({ opaqueEtags: true })
    store.seed(KEY, 'same\n')
    const digests = new CountedDigests(Buffer.from('same\n'))
    const inspection = await inspectObject(
      store,
      wanted('same\n'),
      await listed(store),
      true,
      digests
    )
    expect(inspection.unchanged).toBe(true)
    expect(digests.asked.sha256).toBe(0)
    expect(store.calls.map((call) => call.call)).toEqual(['head', 'get'])
  })

  it('hashes a body once across a lost race and the re-inspection after it', async () => {
    const store = new MemoryStore()
    store.seed(KEY, 'v1\n')
    const seen: Digests[] = []
    await syncObject(
      store,
      { wanted: wanted('v3\n'), known: await listed(store), wantPrevious: true },
      async (inspection) => {
        seen.push(inspection.digests)
        if (seen.length === 1) store.seed(KEY, 'v2\n')
        return commitObject(store, inspection)
      }
    )
    expect(seen).toHaveLength(2)
    // The same digests, so the MD5 and SHA-256 computed for the first try serve the second.
    expect(seen[1]).toBe(seen[0])
    expect(store.text(KEY)).toBe('v3\n')
  })
})
