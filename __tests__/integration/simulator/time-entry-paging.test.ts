/**
 * The simulator's time entries over real HTTP, as a client meets them: cursor and page walks,
 * mutations while walking, errors, faults, the rate limit, stop() and the data generator.
 * node:http with a fresh connection per request, so resets, truncations and hangs surface
 * exactly as a client would see them.
 */
import http from 'node:http'
import type { TimeEntry } from '../../../src/harvest/types.js'
import { compareEntries, generateEntries } from '../../../sandbox/harvest-data.js'
import { HarvestSimulator } from '../../../sandbox/harvest-simulator.js'

interface Response {
  status: number
  headers: http.IncomingHttpHeaders
  text: string
}

interface Page {
  time_entries: TimeEntry[]
  total_entries: number
  total_pages: number
  page: number | null
  next_page: number | null
  previous_page: number | null
  links: { first: string; next: string | null; previous: string | null; last: string }
}

const FROM = '2024-01-01'
const TO = '2024-04-29'
/** One named check: a failure names it (and what was seen). */
function check(name: string, ok: boolean, detail = ''): void {
  expect({ check: name, ok, detail: ok ? '' : detail }).toEqual({
    check: name,
    ok: true,
    detail: ''
  })
}

function authHeaders(sim: HarvestSimulator): Record<string, string> {
  return {
    Authorization: `Bearer ${sim.token}`,
    'Harvest-Account-Id': sim.accountId,
    'User-Agent': 'simulator tests (dev@example.com)'
  }
}

/** GET over a new connection; rejects on resets and on bodies shorter than Content-Length. */
function get(url: string, headers: Record<string, string>, timeoutMs = 5000): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers, agent: false, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('error', reject)
      res.on('aborted', () => reject(new Error('response aborted')))
      res.on('end', () => {
        if (!res.complete) return reject(new Error('incomplete response'))
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text: Buffer.concat(chunks).toString()
        })
      })
    })
    req.on('timeout', () => req.destroy(new Error('client timeout')))
    req.on('error', reject)
  })
}

async function getPage(sim: HarvestSimulator, url: string): Promise<Page> {
  const res = await get(url, authHeaders(sim))
  if (res.status !== 200) throw new Error(`GET ${url} -> ${res.status} ${res.text}`)
  return JSON.parse(res.text) as Page
}

/** Follows links.next to the end, like the exporter does; `between` runs after each page. */
async function walk(sim: HarvestSimulator, firstUrl: string, between?: (page: Page) => void) {
  const pages: Page[] = []
  let url: string | null = firstUrl
  while (url) {
    const page = await getPage(sim, url)
    pages.push(page)
    between?.(page)
    url = page.links.next
  }
  return pages
}

function expectedIds(sim: HarvestSimulator, from: string, to: string): number[] {
  return sim.entries.filter((e) => e.spent_date >= from && e.spent_date <= to).map((e) => e.id)
}

async function errorOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
    return 'no error'
  } catch (error) {
    const err = error as NodeJS.ErrnoException
    return err.code ?? err.message
  }
}

async function checkCursorWalk(sim: HarvestSimulator): Promise<void> {
  const from = '2024-02-01'
  const to = '2024-03-15'
  const pages = await walk(sim, `${sim.url}?from=${from}&to=${to}&per_page=100`)
  const entries = pages.flatMap((p) => p.time_entries)
  const ids = entries.map((e) => e.id)
  const first = pages[0]
  const last = pages.at(-1)!
  check(
    'walk: count == total_entries',
    entries.length === first.total_entries,
    `${entries.length} vs ${first.total_entries}`
  )
  check(
    'walk: total_pages',
    pages.length === first.total_pages,
    `${pages.length} vs ${first.total_pages}`
  )
  check('walk: matches the filtered data set', ids.join() === expectedIds(sim, from, to).join())
  check('walk: unique ids', new Set(ids).size === ids.length)
  check(
    'walk: within from..to',
    entries.every((e) => e.spent_date >= from && e.spent_date <= to)
  )
  check(
    'walk: Harvest order',
    entries.every((e, i) => i === 0 || compareEntries(entries[i - 1], e) < 0)
  )
  check(
    'walk: first page numbers',
    first.page === 1 && first.next_page === 2 && first.previous_page === null
  )
  check(
    'walk: middle page numbers are null',
    pages.slice(1, -1).every((p) => p.page === null && p.next_page === null)
  )
  check(
    'walk: last page numbers',
    last.page === first.total_pages && last.next_page === null && last.links.next === null
  )
  const next = new URL(first.links.next!)
  check(
    'walk: next link keeps origin and params',
    next.origin === new URL(sim.url).origin &&
      next.searchParams.get('from') === from &&
      next.searchParams.get('to') === to &&
      next.searchParams.get('per_page') === '100' &&
      next.searchParams.get('ref') === 'next_cursor' &&
      next.searchParams.has('cursor')
  )
  const prev = await getPage(sim, pages[2].links.previous!)
  check(
    'walk: previous cursor returns the page before',
    prev.time_entries.map((e) => e.id).join() === pages[1].time_entries.map((e) => e.id).join()
  )
  const shared = entries.some(
    (e, i) =>
      i > 0 &&
      e.created_at === entries[i - 1].created_at &&
      e.spent_date === entries[i - 1].spent_date
  )
  check('data: same-day entries share created_at', shared)
}

async function checkDeleteDuringWalk(sim: HarvestSimulator): Promise<void> {
  const before = new Set(sim.entries.map((e) => e.id))
  let deleted = 0
  const pages = await walk(sim, `${sim.url}?per_page=250`, (page) => {
    // Delete an entry already returned: offset paging would then skip one; keyset must not.
    if (deleted < 3 && page.links.next) {
      sim.remove(page.time_entries[0].id)
      deleted++
    }
  })
  const ids = pages.flatMap((p) => p.time_entries.map((e) => e.id))
  check('delete between pages: no duplicates', new Set(ids).size === ids.length)
  check(
    'delete between pages: nothing missed',
    ids.length === before.size,
    `${ids.length} vs ${before.size}`
  )
}

async function checkMutations(sim: HarvestSimulator): Promise<void> {
  const day = async (date: string) =>
    (await getPage(sim, `${sim.url}?from=${date}&to=${date}`)).time_entries.map((e) => e.id)
  const maxId = Math.max(...sim.entries.map((e) => e.id))
  const added = sim.add({ spent_date: '2024-02-10', notes: 'added' })
  check(
    'add: next id, visible',
    added.id === maxId + 1 && (await day('2024-02-10')).includes(added.id)
  )
  const before = String(added.updated_at)
  const moved = sim.move(added.id, '2024-02-11')
  check(
    'move: bumps updated_at',
    String(moved.updated_at) > before,
    `${before} -> ${String(moved.updated_at)}`
  )
  const [onOld, onNew] = [await day('2024-02-10'), await day('2024-02-11')]
  check(
    'move: leaves the old day for the new one',
    !onOld.includes(added.id) && onNew.includes(added.id)
  )
  sim.entries.push({ ...added, id: 1, spent_date: '2000-01-01' })
  check('direct push is noticed', (await day('2000-01-01')).join() === '1')
  sim.entries.find((e) => e.id === 1)!.spent_date = '1999-12-31'
  check(
    'direct in-place date edit is noticed on a first page',
    (await day('1999-12-31')).join() === '1'
  )
  sim.remove(1)
  sim.remove(added.id)
}

async function checkPageMode(sim: HarvestSimulator): Promise<void> {
  const first = await getPage(sim, `${sim.url}?page=1&per_page=700&from=2024-03-01`)
  const pages = [first]
  for (let page = 2; page <= first.total_pages; page++) {
    pages.push(await getPage(sim, `${sim.url}?page=${page}&per_page=700&from=2024-03-01`))
  }
  const ids = pages.flatMap((p) => p.time_entries.map((e) => e.id))
  check(
    'page mode: same set as the data',
    ids.join() === expectedIds(sim, '2024-03-01', '9999-12-31').join()
  )
  check(
    'page mode: numbers and links',
    pages[1].page === 2 &&
      pages[1].previous_page === 1 &&
      new URL(pages[1].links.next ?? 'http://x/?page=0').searchParams.get('page') === '3'
  )
}

async function checkErrors(sim: HarvestSimulator): Promise<void> {
  const headers = authHeaders(sim)
  const status = async (url: string, h: Record<string, string>) => (await get(url, h)).status
  const unauthorized = await get(sim.url, { ...headers, Authorization: 'Bearer nope' })
  check(
    '401 on a wrong token',
    unauthorized.status === 401 &&
      (JSON.parse(unauthorized.text) as { error?: string }).error === 'invalid_token'
  )
  check('401 without a token', (await status(sim.url, { ...headers, Authorization: '' })) === 401)
  const wrongAccount = await get(sim.url, { ...headers, 'Harvest-Account-Id': '999' })
  check('404 on a wrong account', wrongAccount.status === 404)
  check(
    '401 without an account id',
    (await status(sim.url, { ...headers, 'Harvest-Account-Id': '' })) === 401
  )
  check('400 without User-Agent', (await status(sim.url, { ...headers, 'User-Agent': '' })) === 400)
  check(
    '404 on another path',
    (await status(sim.url.replace('time_entries', 'nothing'), headers)) === 404
  )
  const badDate = await get(`${sim.url}?from=2024-02-30`, headers)
  check(
    '422 on an invalid date',
    badDate.status === 422 && (JSON.parse(badDate.text) as { message: string }).message.length > 0
  )
  check('422 on per_page > max', (await status(`${sim.url}?per_page=2001`, headers)) === 422)
  check('422 on a bad cursor', (await status(`${sim.url}?cursor=garbage`, headers)) === 422)
}

async function checkFaults(sim: HarvestSimulator): Promise<void> {
  const headers = authHeaders(sim)
  sim.injectFault({ kind: '429', retryAfterSeconds: 7 })
  const throttled = await get(sim.url, headers)
  check(
    '429 fault with Retry-After',
    throttled.status === 429 && throttled.headers['retry-after'] === '7'
  )
  check('fault consumed once', (await get(sim.url, headers)).status === 200)

  sim.injectFault({ kind: 'reset' })
  check(
    'reset fault resets the connection',
    /ECONNRESET|socket hang up/.test(await errorOf(get(sim.url, headers)))
  )

  sim.injectFault({ kind: 'truncate' })
  const truncated = await errorOf(get(`${sim.url}?per_page=50`, headers))
  check('truncate fault gives an incomplete body', truncated !== 'no error', truncated)

  const url = `${sim.url}?per_page=10&to=2024-01-31`
  const honest = await getPage(sim, url)
  sim.injectFault({ kind: 'lie-total', match: (u) => u.searchParams.get('per_page') === '10' })
  const unmatched = await getPage(sim, `${sim.url}?per_page=11&to=2024-01-31`)
  const lying = await getPage(sim, url)
  check('lie-total ignores non-matching requests', unmatched.total_entries === honest.total_entries)
  check('lie-total reports one more', lying.total_entries === honest.total_entries + 1)

  sim.injectFault({ kind: '503', times: 2 })
  const codes = [
    (await get(sim.url, headers)).status,
    (await get(sim.url, headers)).status,
    (await get(sim.url, headers)).status
  ]
  check('503 fault twice, then 200', codes.join() === '503,503,200', codes.join())
}

async function checkRateLimit(): Promise<void> {
  const sim = new HarvestSimulator({
    entries: 50,
    from: FROM,
    to: TO,
    rateLimit: { max: 5, windowMs: 1000 }
  })
  await sim.start()
  const headers = authHeaders(sim)
  const codes: number[] = []
  for (let i = 0; i < 5; i++) codes.push((await get(sim.url, headers)).status)
  const limited = await get(sim.url, headers)
  check(
    'rate limit: 5 allowed',
    codes.every((c) => c === 200),
    codes.join()
  )
  check(
    'rate limit: 6th is 429 with Retry-After 1',
    limited.status === 429 &&
      limited.headers['retry-after'] === '1' &&
      (JSON.parse(limited.text) as { error?: string }).error === 'rate_limited'
  )
  sim.injectFault({ kind: '500' })
  check('rate limit: faults bypass it', (await get(sim.url, headers)).status === 500)
  await new Promise((resolve) => setTimeout(resolve, 1000))
  check('rate limit: slot frees after the window', (await get(sim.url, headers)).status === 200)
  check(
    'rate limit: stats',
    sim.stats.requests === 8 && sim.stats.rateLimited === 1 && sim.stats.byStatus['429'] === 1,
    JSON.stringify(sim.stats)
  )
  await sim.stop()
}

async function checkStopEndsHangingRequest(): Promise<void> {
  const sim = new HarvestSimulator({ entries: 20, from: FROM, to: TO, latencyMs: 60 })
  await sim.start()
  expect((await get(sim.url, authHeaders(sim))).status).toBe(200)
  sim.injectFault({ kind: 'timeout' })
  const hanging = errorOf(get(sim.url, authHeaders(sim), 30_000))
  await new Promise((resolve) => setTimeout(resolve, 150))
  await sim.stop()
  // The client waits 30 s: only stop() ending the request lets this finish within the test.
  const error = await hanging
  check('stop() ends a hanging request', error !== 'no error', error)
}

function checkGenerator(): void {
  const a = generateEntries({ seed: 7, count: 300, from: FROM, to: TO })
  const b = generateEntries({ seed: 7, count: 300, from: FROM, to: TO })
  const c = generateEntries({ seed: 8, count: 300, from: FROM, to: TO })
  check('generator: deterministic', JSON.stringify(a) === JSON.stringify(b))
  check('generator: seed matters', JSON.stringify(a) !== JSON.stringify(c))
  const days = new Set(a.map((e) => e.spent_date))
  check('generator: some days empty', days.size < 120)
  check(
    'generator: 2-decimal hours',
    a.every((e) => typeof e.hours === 'number' && Number(e.hours.toFixed(2)) === e.hours)
  )
}

describe('time entries over HTTP (the simulator as a client meets it)', () => {
  it('generates the same data for the same seed', () => {
    checkGenerator()
  })

  describe('one account of 5,000 entries', () => {
    let sim: HarvestSimulator
    beforeAll(async () => {
      sim = new HarvestSimulator({ entries: 5000, from: FROM, to: TO, rateLimit: false })
      await sim.start()
    })
    afterAll(() => sim.stop())

    it('walks a filtered window by cursor, in Harvest order and with its links', () =>
      checkCursorWalk(sim))
    it('walks by page number', () => checkPageMode(sim))
    it('shows adds, moves and in-place edits at once', () => checkMutations(sim))
    it('answers bad requests as Harvest does', () => checkErrors(sim))
    it('injects faults once, or as often as asked', () => checkFaults(sim))
    it('misses nothing and repeats nothing when an entry is deleted between pages', () =>
      checkDeleteDuringWalk(sim))
  })

  it('rate-limits per token, answering 429 with Retry-After', () => checkRateLimit())
  it('ends a hanging request when stopped', () => checkStopEndsHangingRequest())
})
