import { compareWithHarvest, type EntryCounter } from '../../../src/verify/harvest-counts.js'
import type { Finding } from '../../../src/verify/findings.js'
import { readInOrder } from '../../../src/verify/day-files.js'
import { planRepairs } from '../../../src/verify/repairs.js'

/** Harvest's counts from a table of entries per day; records each probe. */
function counter(perDay: Record<string, number>): EntryCounter & { probes: string[] } {
  const probes: string[] = []
  return {
    probes,
    countEntries: (from, to) => {
      probes.push(`${from}..${to}`)
      const total = Object.entries(perDay)
        .filter(([day]) => day >= from && day <= to)
        .reduce((sum, [, count]) => sum + count, 0)
      return Promise.resolve(total)
    }
  }
}

const archiveOf = (perDay: Record<string, number>) => (from: string, to: string) =>
  Object.entries(perDay)
    .filter(([day]) => day >= from && day <= to)
    .reduce((sum, [, count]) => sum + count, 0)

const finding = (kind: Finding['problem']['kind'], key: string, months: string[]): Finding => ({
  problem: { kind, key, detail: '' },
  months
})

describe('Harvest count probes', () => {
  const days = { '2023-06-10': 4, '2024-03-05': 57, '2024-07-01': 3, '2025-01-02': 1 }
  const range = { from: '2023-06-01', to: '2025-01-31' }

  it('asks once per year when every year agrees, each year clipped to the archive', async () => {
    const harvest = counter(days)
    const result = await compareWithHarvest(harvest, range, archiveOf(days), new Set())
    expect(result.findings).toEqual([])
    expect(harvest.probes).toEqual([
      '2023-06-01..2023-12-31',
      '2024-01-01..2024-12-31',
      '2025-01-01..2025-01-31'
    ])
  })

  it('names the month that differs with both counts, probing months only in that year', async () => {
    const harvest = counter(days)
    const archive = archiveOf({ ...days, '2024-03-05': 55 })
    const result = await compareWithHarvest(harvest, range, archive, new Set())
    expect(result.findings.map((f) => f.problem)).toEqual([
      {
        kind: 'harvest-count',
        key: '2024-03',
        detail: 'Harvest has 57 entries in 2024-03, the archive 55'
      }
    ])
    expect(harvest.probes).toHaveLength(3 + 12)
    expect(result.months.get('2024-03')).toEqual({ harvest: 57, archive: 55 })
  })

  it('also counts the months asked for, once each, within the archive', async () => {
    const harvest = counter(days)
    await compareWithHarvest(harvest, range, archiveOf(days), new Set(['2023-06', '2025-01']))
    expect(harvest.probes).toEqual([
      '2023-06-01..2023-12-31',
      '2023-06-01..2023-06-30',
      '2024-01-01..2024-12-31',
      '2025-01-01..2025-01-31',
      '2025-01-01..2025-01-31'
    ])
  })
})

describe('repairs', () => {
  const range = { from: '2024-01-10', to: '2024-06-20' }
  const none = () => 0

  it('backfills adjacent months in one window and others apart, clipped to the archive', () => {
    const findings = [
      finding('unreadable', 'p/20240115.json', ['2024-01']),
      finding('wrong-day', 'p/20240201.json', ['2024-02', '2024-03']),
      finding('harvest-count', '2024-06', ['2024-06']),
      finding('not-sorted', 'p/20240502.json', ['2024-05'])
    ]
    expect(planRepairs(findings, range, new Map(), none)).toEqual([
      { kind: 'backfill', from: '2024-01-10', to: '2024-03-31' },
      { kind: 'backfill', from: '2024-05-01', to: '2024-06-20' }
    ])
  })

  it('restores from versioning what Harvest no longer has, and repairs nothing else there', () => {
    const months = new Map([['2024-02', { harvest: 0, archive: 9 }]])
    const findings = [
      finding('sha256', 'p/20240203.json', ['2024-02']),
      finding('harvest-count', '2024-02', ['2024-02'])
    ]
    expect(planRepairs(findings, range, months, none)).toEqual([
      { kind: 'restore', keys: ['p/20240203.json'] }
    ])
    expect(findings[0].restore).toBe(true)
  })

  it('rewrites resource objects with an export of the resource', () => {
    const resource: Finding = {
      ...finding('resource', 'p/projects.json', []),
      resources: ['projects']
    }
    expect(planRepairs([resource], range, new Map(), none)).toEqual([
      { kind: 'export', resources: ['projects'] }
    ])
  })
})

describe('reading day files in order', () => {
  it('hands objects over in key order with a bounded number of reads in flight', async () => {
    let inFlight = 0
    let most = 0
    const seen: string[] = []
    const keys = Array.from({ length: 20 }, (_, index) => `k${String(index).padStart(2, '0')}`)
    await readInOrder(
      keys,
      3,
      async (key) => {
        inFlight++
        most = Math.max(most, inFlight)
        // Later keys answer first: the visit order must not follow.
        await new Promise((resolve) => setImmediate(resolve))
        if (Number(key.slice(1)) % 2 === 0) await new Promise((resolve) => setImmediate(resolve))
        inFlight--
        return { body: Buffer.from(key), etag: '"e"', size: 3 }
      },
      (key, object) => seen.push(`${key}=${object?.body.toString()}`)
    )
    expect(seen).toEqual(keys.map((key) => `${key}=${key}`))
    expect(most).toBeLessThanOrEqual(3)
  })

  it('fails with the first failed read', async () => {
    const read = readInOrder(
      ['a', 'b', 'c'],
      2,
      (key) =>
        key === 'b' ? Promise.reject(new Error('GET b failed')) : Promise.resolve(undefined),
      () => undefined
    )
    await expect(read).rejects.toThrow('GET b failed')
  })
})
