import { summaryMarkdown } from '../../../src/report/markdown.js'
import type { ExportSummary } from '../../../src/report/summary.js'
import { eachDate } from '../../../src/util/calendar.js'

/** A window whose every day holds one entry of two hours, each day unchanged. */
function windowSummary(from: string, to: string): ExportSummary {
  const days = eachDate(from, to).map((date) => ({
    date,
    status: 'unchanged' as const,
    entries: 1,
    hours: 2,
    added: 0,
    updated: 0,
    deleted: 0,
    movedOut: 0
  }))
  return {
    location: 'out/',
    windowFrom: from,
    windowTo: to,
    dryRun: false,
    entries: days.length,
    daysWritten: 0,
    daysUnchanged: days.length,
    daysEmptied: 0,
    added: 0,
    updated: 0,
    deleted: 0,
    harvestRequests: 1,
    objectsWritten: [],
    days,
    resources: [],
    resourcesWritten: 0,
    lateDaysWritten: 0,
    closedChanges: []
  }
}

/** The chart's heading and its bars, as the job summary holds them. */
function chart(markdown: string): { heading: string; bars: number[] } {
  const heading = /^### Hours per .*$/m.exec(markdown)?.[0] ?? ''
  const bars = /^ {2}bar \[(.*)\]$/m.exec(markdown)?.[1].split(', ').map(Number) ?? []
  return { heading, bars }
}

describe("the job summary's chart of hours", () => {
  it('has a bar per day for a backfill of half a year', () => {
    const { heading, bars } = chart(summaryMarkdown(windowSummary('2024-01-01', '2024-06-30')))
    expect(heading).toBe('### Hours per day')
    expect(bars).toEqual(Array.from({ length: 182 }, () => 2))
  })

  it('has a bar per day for a whole year', () => {
    const { heading, bars } = chart(summaryMarkdown(windowSummary('2024-01-01', '2024-12-31')))
    expect(heading).toBe('### Hours per day')
    expect(bars).toHaveLength(366)
  })

  it('has a bar per month beyond a year, where a day label would repeat', () => {
    const { heading, bars } = chart(summaryMarkdown(windowSummary('2025-01-01', '2026-01-01')))
    expect(heading).toBe('### Hours per month')
    expect(bars).toEqual([
      ...Array.from(
        { length: 12 },
        (_, month) => [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month] * 2
      ),
      2
    ])
  })
})
