import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readCliSettings } from '../../src/cli/settings.js'
import { parseConfig } from '../../src/config/parse.js'
import { parseExportConfig } from '../../src/config/parse-export.js'
import { CLI_NAMES } from '../../src/config/setting-names.js'
import { configErrorOf } from '../support/config-error.js'
import { isRecordId, maxPages, quoted } from '../../src/harvest/bounds.js'
import { entryProblem } from '../../src/harvest/completeness.js'
import { retryAfterMs } from '../../src/harvest/status-advice.js'
import { RecordWalk } from '../../src/resources/completeness.js'
import { jsonErrorLocation } from '../../src/util/json-error.js'
import { redact } from '../../src/util/redact.js'
import { DirStore } from '../../src/store/dir-store.js'

describe('the token in no form', () => {
  const token = 'pat-Host/Secret+Token=7f3a9c1e'

  it.each([
    ['as is', token],
    ['lower-cased', token.toLowerCase()],
    ['upper-cased', token.toUpperCase()],
    ['URL-encoded', encodeURIComponent(token)],
    ['URL-encoded with lower-case hex', encodeURIComponent(token).toLowerCase()],
    ['form-encoded', new URLSearchParams({ t: token }).toString().slice(2)],
    ['with escaped slashes, as JSON encoders may write it', token.replaceAll('/', '\\/')],
    [
      'with every character \\u-escaped',
      token
        .split('')
        .map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
        .join('')
    ]
  ])('is redacted %s', (_form, echoed) => {
    expect(redact(`Harvest said: ${echoed} is bad`, [token])).toBe('Harvest said: *** is bad')
  })

  it('leaves text without the token alone', () => {
    expect(redact('pat-Host/Secret is half of it', [token])).toBe('pat-Host/Secret is half of it')
  })

  describe('in a malformed config.json', () => {
    let dir: string
    beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'config-json-'))))
    afterEach(async () => rm(dir, { recursive: true, force: true }))

    it.each([
      [
        'an unquoted token',
        `{\n  "account_id": "1",\n  "access_token": ${token}\n}`,
        'line 3, column 19'
      ],
      [
        'a missing comma after the AWS secret',
        `{\n  "aws": {\n    "secret_access_key": "wJalrXUtnFEMI/K7MDENG"\n    "region": "x"\n  }\n}`,
        'line 4, column 5'
      ],
      ['a file cut short', `{"access_token": "${token}`, 'line 1, column 49 (the text ends early)']
    ])('is reported by line and column for %s, quoting none of it', async (_case, text, where) => {
      const path = join(dir, 'config.json')
      await writeFile(path, text)
      let message = ''
      try {
        readCliSettings(['--config', path], {})
      } catch (error) {
        message = (error as Error).message
      }
      expect(message).toBe(
        `--config ${path} is not valid JSON (${where}): expected the original script's config.json.`
      )
    })
  })

  it('locates JSON errors without quoting the text', () => {
    expect(jsonErrorLocation('{"a": [1, 2,, 3]}')).toBe('line 1, column 13')
    expect(jsonErrorLocation('{"a": "x\ny"}')).toBe('line 1, column 9')
    expect(jsonErrorLocation('{"a": 1} x')).toBe('line 1, column 10')
    expect(jsonErrorLocation('{"a": "\\q"}')).toBe('line 1, column 9')
    expect(jsonErrorLocation('{"a": [true, null, -1.5e3, "\\u00e9"]}')).toBe(
      'no syntax error found'
    )
  })
})

describe("Harvest's answers are bounded", () => {
  it('allows ceil(total / per_page) + 2 pages per walk', () => {
    expect(maxPages(0, 2000)).toBe(2)
    expect(maxPages(4001, 2000)).toBe(5)
    // Without a usable per_page, one entry per page still bounds the walk.
    expect(maxPages(3, undefined)).toBe(5)
    expect(maxPages(3, -1)).toBe(5)
  })

  it('takes only positive integers as ids', () => {
    expect([1, 2 ** 53 - 1].every(isRecordId)).toBe(true)
    expect([0, -1, 1.5, 2 ** 53, '1', null, Number.NaN].some(isRecordId)).toBe(false)
  })

  it('quotes a value from Harvest short and on one line', () => {
    expect(quoted('a\nb\u009b[31m')).toBe('"a\\nb\\u009b[31m"')
    expect(quoted('x'.repeat(100))).toBe(`"${'x'.repeat(60)}…"`)
    expect(quoted(7)).toBe('"7"')
  })

  it('waits what Retry-After asks up to 15 minutes, and fails beyond', () => {
    const now = Date.parse('2026-12-07T10:00:00Z')
    expect(retryAfterMs('900', now)).toBe(900_100)
    expect(retryAfterMs(undefined, now)).toBe(15_000)
    expect(retryAfterMs('soon', now)).toBe(15_000)
    expect(retryAfterMs('Mon, 07 Dec 2026 10:01:00 GMT', now)).toBe(60_100)
    expect(() => retryAfterMs('900.5', now)).toThrow(/asking to wait 901 s/)
    expect(() => retryAfterMs('9'.repeat(400), now)).toThrow(/asking to wait forever/)
    expect(() => retryAfterMs('Tue, 08 Dec 2026 10:00:00 GMT', now)).toThrow(
      /asking to wait 86400 s \(about 24 hours\)/
    )
  })

  it.each<[unknown, string]>([
    [
      { id: 1, spent_date: '2026-12-04/../../x' },
      'spent_date "2026-12-04/../../x", not a real date'
    ],
    [{ id: 1, spent_date: '2025-02-30' }, 'spent_date "2025-02-30", not a real date'],
    [{ id: 1, spent_date: 20261204 }, 'spent_date "20261204", not a real date'],
    [{ id: 0, spent_date: '2026-12-04' }, 'id "0", not a positive integer'],
    [{ id: '1', spent_date: '2026-12-04' }, 'id "1", not a positive integer'],
    [null, 'not an object']
  ])('keeps %j out of a complete read', (entry, problem) => {
    const ids = new Set<number>()
    expect(entryProblem(entry as never, '2026-01-01', '2026-12-31', ids)).toContain(problem)
    expect(ids.size).toBe(0)
  })

  it('keeps resources with ids that are not positive integers out of a complete read', () => {
    const walk = new RecordWalk()
    expect(walk.add({ records: [{ id: -3 }], total: 1, next: undefined })).toBe(
      'Harvest returned a record with id "-3", not a positive integer'
    )
  })

  it('ends a resource walk without total_entries at its first page', () => {
    expect(new RecordWalk().add({ records: [], total: undefined, next: 'x' })).toBe(
      'Harvest did not report total_entries'
    )
  })
})

describe('out-dir keys never leave the directory', () => {
  let dir: string
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'dir-store-'))))
  afterEach(async () => rm(dir, { recursive: true, force: true }))

  it.each([
    '../escape.json',
    'a/../../escape.json',
    'C:/x/escape.json',
    'c:escape.json',
    '/tmp/escape.json',
    '\\\\server\\share\\escape.json',
    '\\escape.json',
    'a\\..\\..\\escape.json',
    'a/..\\../escape.json'
  ])('refuses %s before writing anything', async (key) => {
    const store = new DirStore(join(dir, 'out'))
    const options = { contentType: 'application/json', sha256: '', md5: '' }
    await expect(store.put(key, Buffer.from('x'), options)).rejects.toThrow('would leave')
    await expect(store.get(key)).rejects.toThrow('would leave')
    expect(await readdir(dir)).toEqual([])
  })

  it('still writes keys below it', async () => {
    const store = new DirStore(join(dir, 'out'))
    const options = { contentType: 'application/json', sha256: '', md5: '' }
    await store.put('harvest/date=2026-12-04/x..y.json', Buffer.from('x'), options)
    expect((await store.get('harvest/date=2026-12-04/x..y.json'))?.body.toString()).toBe('x')
  })
})

describe('user-agent is validated like any setting', () => {
  const action = (userAgent: string) => ({
    'harvest-account-id': { value: '123456', label: 'input harvest-account-id' },
    'harvest-access-token': { value: 'tok-ua-1234', label: 'input harvest-access-token' },
    's3-bucket': { value: 'my-bucket', label: 'input s3-bucket' },
    'user-agent': { value: userAgent, label: 'input user-agent' }
  })

  it.each(['harvest ☃ export', 'export 🚀', 'tab\there', 'bell\u0007', 'c1\u0085'])(
    'refuses %j before any network call, naming the setting',
    async (userAgent) => {
      // Control characters are refused for every setting alike; the rest by user-agent's rule.
      expect(await configErrorOf(() => parseConfig(action(userAgent), {}))).toMatch(
        /^Invalid input user-agent .*: expected (printable Latin-1 text|a single line without control characters)/
      )
    }
  )

  it('names the flag as the CLI spells it', async () => {
    expect(
      await configErrorOf(() => {
        const { raw } = readCliSettings(['--out-dir', '/tmp/x', '--user-agent', 'ü ok, 💥 not'], {
          HARVEST_ACCOUNT_ID: '1',
          HARVEST_ACCESS_TOKEN: 'tok-ua-1234'
        })
        return parseExportConfig(raw, { names: CLI_NAMES, env: {} })
      })
    ).toMatch(/^Invalid --user-agent .*: expected printable Latin-1 text/)
  })

  it('accepts printable Latin-1', () => {
    const config = parseConfig(action('Zoë Müller export (+https://example.com)'), {})
    expect(config).toMatchObject({
      harvest: { userAgent: 'Zoë Müller export (+https://example.com)' }
    })
  })
})
