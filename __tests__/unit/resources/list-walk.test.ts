import { listPage, walkList, type ListReader } from '../../../src/resources/completeness.js'

/** A list served from `pages` by URL (each answer taken in turn, the last one repeated). */
function serve(pages: Record<string, unknown[]>): ListReader & { asked: string[] } {
  const asked: string[] = []
  return {
    asked,
    get(url) {
      asked.push(url)
      const answers = pages[url]
      return Promise.resolve(answers.length > 1 ? answers.shift() : answers[0])
    },
    pageOf: (_url, body) => listPage({ arrayKey: 'items' }, body)!,
    nextUrl: (next) => next,
    incomplete: (problem) => new Error(`incomplete: ${problem}`)
  }
}

const page = (ids: number[], total: number, next: string | null) => ({
  items: ids.map((id) => ({ id })),
  total_entries: total,
  per_page: 2,
  links: { next }
})

describe('walkList (resources and the late-edits sweep)', () => {
  it('walks again from the first page when the total moves during a walk', async () => {
    const reader = serve({
      a: [page([1, 2], 3, 'b'), page([1, 2], 4, 'b')],
      b: [page([3], 4, null), page([3, 4], 4, null)]
    })
    const records = await walkList('a', reader)
    expect(records.map((record) => record.id)).toEqual([1, 2, 3, 4])
    expect(reader.asked).toEqual(['a', 'b', 'a', 'b'])
  })

  it('stops at once, without walking again, when the pages link on past what the total fills', async () => {
    // A total of 2 at 2 per page fills 1 page, plus 2 for entries added while walking.
    const reader = serve({ a: [page([], 2, 'a')] })
    await expect(walkList('a', reader)).rejects.toThrow(
      /incomplete: Harvest's pages kept linking onward past 3 pages/
    )
    expect(reader.asked).toHaveLength(3)
  })

  it('fails naming the problem when a list still does not add up after three walks', async () => {
    const reader = serve({ a: [page([1, 1], 2, null)] })
    await expect(walkList('a', reader)).rejects.toThrow('incomplete: record 1 was returned twice')
    expect(reader.asked).toHaveLength(3)
  })
})
