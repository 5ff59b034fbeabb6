import { createHash } from 'node:crypto'
import { entriesText, serializeEntries } from '../../src/export/serialize.js'
import type { TimeEntry } from '../../src/harvest/types.js'
import { Digests } from '../../src/util/hash.js'
import { Utf8Text } from '../../src/util/utf8.js'

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
        const utf8 = new Utf8Text(text, suffix)
        const expected = Buffer.from(text + suffix)
        expect(utf8.bytes().equals(expected)).toBe(true)
        expect(utf8.byteLength).toBe(expected.length)
        expect(utf8.withBytes((bytes) => Buffer.from(bytes).equals(expected))).toBe(true)
      }
    }
  })

  it('gives every text its own bytes, however the scratch buffer is reused in between', () => {
    const first = new Utf8Text('株式会社'.repeat(5000), '\n').bytes()
    const second = new Utf8Text('short').bytes()
    new Utf8Text('overwrites the scratch buffer '.repeat(100)).withBytes((bytes) => bytes.length)
    expect(first.equals(Buffer.from('株式会社'.repeat(5000) + '\n'))).toBe(true)
    expect(second.toString()).toBe('short')
    expect(first.buffer).not.toBe(second.buffer)
  })

  it('serializes entries to the same bytes whether encoded at once or lazily', () => {
    for (const notes of ['ascii', 'Café ✅ 株式会社\n"q"']) {
      for (const count of [0, 1, 3, 2000]) {
        const list = entries(count, notes)
        const json = Buffer.from(JSON.stringify(list, null, 2) + '\n')
        const ndjson = Buffer.from(list.map((entry) => JSON.stringify(entry) + '\n').join(''))
        expect(serializeEntries(list, 'json').equals(json)).toBe(true)
        expect(serializeEntries(list, 'ndjson').equals(ndjson)).toBe(true)
        expect(entriesText(list, 'json').bytes().equals(json)).toBe(true)
        expect(entriesText(list, 'ndjson').bytes().equals(ndjson)).toBe(true)
      }
    }
  })
})

describe('digests of a body', () => {
  it('hashes a text without keeping its bytes, and encodes them only when asked', () => {
    for (const text of TEXTS) {
      const bytes = Buffer.from(text + '\n')
      const digests = new Digests(new Utf8Text(text, '\n'))
      expect(digests.md5Hex).toBe(md5(bytes))
      expect(digests.size).toBe(bytes.length)
      expect(digests.sha256Hex).toBe(sha256(bytes))
      expect(digests.md5Base64).toBe(Buffer.from(md5(bytes), 'hex').toString('base64'))
      expect(digests.body.equals(bytes)).toBe(true)
      expect(digests.body).toBe(digests.body)
    }
  })

  it('takes bytes as they are', () => {
    const bytes = Buffer.from('株式会社 ✅')
    const digests = new Digests(bytes)
    expect(digests.body).toBe(bytes)
    expect(digests.size).toBe(bytes.length)
    expect(digests.md5Hex).toBe(md5(bytes))
    expect(digests.sha256Hex).toBe(sha256(bytes))
  })

  it('keeps each digest of a text right while other texts are hashed in between', () => {
    const a = new Digests(new Utf8Text('first text ✅'.repeat(300)))
    const b = new Digests(new Utf8Text('second'))
    expect(a.md5Hex).toBe(md5(Buffer.from('first text ✅'.repeat(300))))
    expect(b.md5Hex).toBe(md5(Buffer.from('second')))
    expect(a.sha256Hex).toBe(sha256(Buffer.from('first text ✅'.repeat(300))))
    expect(a.body.toString()).toBe('first text ✅'.repeat(300))
  })

  it('tells a listed object by its size, then its MD5 ETag, from a text or from bytes', () => {
    const bytes = Buffer.from('株式会社 ✅\n')
    const etag = md5(bytes)
    for (const make of [() => new Utf8Text('株式会社 ✅', '\n'), () => bytes]) {
      expect(new Digests(make()).isListedAs(etag, bytes.length)).toBe(true)
      // Same size, other ETag: not the same (or an opaque ETag, which a HEAD then settles).
      expect(new Digests(make()).isListedAs(md5(Buffer.from('x')), bytes.length)).toBe(false)
      const resized = new Digests(make())
      expect(resized.isListedAs(etag, bytes.length + 1)).toBe(false)
      // The bytes it kept are the body's, whatever the scratch buffer holds next.
      new Utf8Text('something else entirely').withBytes((view) => view.length)
      expect(resized.body.equals(bytes)).toBe(true)
      expect(resized.md5Hex).toBe(etag)
      expect(resized.sha256Hex).toBe(sha256(bytes))
    }
  })
})
