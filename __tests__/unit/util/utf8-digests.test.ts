import { createHash } from 'node:crypto'
import { serializeEntries } from '../../../src/export/serialize.js'
import type { TimeEntry } from '../../../src/harvest/types.js'
import { Digests } from '../../../src/util/hash.js'
import { utf8Bytes } from '../../../src/util/utf8.js'

const md5 = (bytes: Buffer) => createHash('md5').update(bytes).digest('hex')
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')

/** Texts of every kind the encoder meets: ASCII, Latin-1, CJK, astral, escapes. */
const TEXTS = [
  '',
  'plain ascii',
  'Café Müller — ½',
  '株式会社デザイン ✅ 👩‍💻 \u{1f600}',
  JSON.stringify({ notes: 'a\u2028b "quoted" \\ \ud83d' }),
  'lone \ud800 surrogate \udfff',
  'x'.repeat(70_000) + 'é',
  // Longer than the scratch buffer takes: encoded straight into a buffer of its own.
  'é'.repeat(4_200_000) + '✅'
]

const entries = (count: number, notes: string): TimeEntry[] =>
  Array.from({ length: count }, (_, i) => ({
    id: 1000 + i,
    spent_date: '2025-01-01',
    created_at: '2025-01-01T09:00:00Z',
    notes: `${notes} ${i}`
  }))

describe('text stored as UTF-8', () => {
  it('encodes to the same bytes as Buffer.from, the suffix after the text', () => {
    for (const text of TEXTS) {
      for (const suffix of ['', '\n']) {
        expect(utf8Bytes(text, suffix).equals(Buffer.from(text + suffix))).toBe(true)
      }
    }
  })

  it('gives every text its own bytes, however the scratch buffer is reused in between', () => {
    const first = utf8Bytes('株式会社'.repeat(5000), '\n')
    const second = utf8Bytes('short')
    const third = utf8Bytes('overwrites the scratch buffer '.repeat(100))
    expect(first.equals(Buffer.from('株式会社'.repeat(5000) + '\n'))).toBe(true)
    expect(second.toString()).toBe('short')
    expect(third.toString()).toBe('overwrites the scratch buffer '.repeat(100))
    expect(first.buffer).not.toBe(second.buffer)
    expect(first.buffer).not.toBe(third.buffer)
  })

  it('serializes entries to the reference bytes, empty lists included', () => {
    for (const notes of ['ascii', 'Café ✅ 株式会社\n"q"']) {
      for (const count of [0, 1, 3, 2000]) {
        const list = entries(count, notes)
        const json = Buffer.from(JSON.stringify(list, null, 2) + '\n')
        const ndjson = Buffer.from(list.map((entry) => JSON.stringify(entry) + '\n').join(''))
        expect(serializeEntries(list, 'json').equals(json)).toBe(true)
        expect(serializeEntries(list, 'ndjson').equals(ndjson)).toBe(true)
      }
    }
    expect(serializeEntries([], 'json').toString()).toBe('[]\n')
    expect(serializeEntries([], 'ndjson').length).toBe(0)
  })
})

describe('digests of a body', () => {
  it('takes bytes as they are', () => {
    for (const text of TEXTS) {
      const bytes = Buffer.from(text + '\n')
      const digests = new Digests(bytes)
      expect(digests.body).toBe(bytes)
      expect(digests.size).toBe(bytes.length)
      expect(digests.md5Hex).toBe(md5(bytes))
      expect(digests.sha256Hex).toBe(sha256(bytes))
      expect(digests.md5Base64).toBe(Buffer.from(md5(bytes), 'hex').toString('base64'))
    }
  })

  it('tells a listed object by its size, then its MD5 ETag', () => {
    const bytes = Buffer.from('株式会社 ✅\n')
    const etag = md5(bytes)
    expect(new Digests(bytes).isListedAs(etag, bytes.length)).toBe(true)
    // Same size, other ETag: not the same (or an opaque ETag, which a HEAD then settles).
    expect(new Digests(bytes).isListedAs(md5(Buffer.from('x')), bytes.length)).toBe(false)
    expect(new Digests(bytes).isListedAs(etag, bytes.length + 1)).toBe(false)
  })
})
