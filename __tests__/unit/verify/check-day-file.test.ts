import { serializeEntries } from '../../../src/export/serialize.js'
import type { TimeEntry } from '../../../src/harvest/types.js'
import { sha256Hex } from '../../../src/util/hash.js'
import { checkDayFile, type SeenIds } from '../../../src/verify/day-files.js'

const entry = (id: number, day = '2025-01-02', created = '2025-01-02T09:00:00Z'): TimeEntry => ({
  id,
  spent_date: day,
  created_at: created,
  hours: 1
})
const day = [entry(1), entry(2, '2025-01-02', '2025-01-02T10:00:00Z')]

function stored(body: Buffer, sha256: string | undefined = sha256Hex(body)) {
  return { key: 'p/20250102.json', body, etag: '"x"', size: body.length, sha256 }
}

const check = (body: Buffer, seen: SeenIds = new Map(), sha256?: string) =>
  checkDayFile(stored(body, sha256 ?? sha256Hex(body)), '2025-01-02', 'json', 'p/', seen)

const details = (result: ReturnType<typeof check>) => result.problems.map((p) => p.detail)

describe('checking one day file', () => {
  it('finds nothing wrong with a file as the exporter writes it, and counts its entries', () => {
    expect(check(serializeEntries(day, 'json'))).toEqual({ problems: [], entries: 2 })
    const ndjson = serializeEntries(day, 'ndjson')
    const key = 'p/20250102.ndjson'
    const result = checkDayFile({ ...stored(ndjson), key }, '2025-01-02', 'ndjson', 'p/', new Map())
    expect(result).toEqual({ problems: [], entries: 2 })
  })

  it('reports a truncated file as not valid JSON', () => {
    const body = serializeEntries(day, 'json').subarray(0, 40)
    expect(check(body).problems).toEqual([
      { kind: 'unreadable', key: 'p/20250102.json', detail: 'not valid JSON' }
    ])
  })

  it('reports bytes that no longer match the SHA-256 the exporter stored', () => {
    const body = serializeEntries(day, 'json')
    expect(details(check(body, new Map(), sha256Hex(Buffer.from('other'))))).toEqual([
      'sha256 metadata differs: changed outside harvest-s3-export'
    ])
  })

  it('reports an entry of another day, an unsorted file and a duplicate id', () => {
    expect(details(check(serializeEntries([entry(1), entry(3, '2025-01-03')], 'json')))).toEqual([
      'entry 3 belongs to 2025-01-03'
    ])
    expect(details(check(serializeEntries([day[1], day[0]], 'json')))).toEqual(['not sorted'])
    const seen: SeenIds = new Map([[2, 'p/20250101.json']])
    expect(details(check(serializeEntries(day, 'json'), seen))).toEqual([
      'duplicate id 2 also in 20250101.json'
    ])
  })

  it('reports a file whose entries are right but whose bytes are not the exporter’s', () => {
    const body = Buffer.from(JSON.stringify(day))
    expect(details(check(body))).toEqual(['not serialized as harvest-s3-export writes json'])
  })
})
