import { importCycles, importGraph } from '../support/import-graph.js'

/**
 * Modules that import each other can only be read together and load in an order that
 * depends on who imports first. The graph is read with the TypeScript compiler's own import
 * scanner (no extra dependency), so `import type` and re-exports count too.
 */
describe('imports', () => {
  const graph = importGraph(['src', 'sandbox'])

  it('reads the whole source tree', () => {
    expect(graph.size).toBeGreaterThan(100)
    expect(graph.get('src/export/sync-store.ts')).toContain('src/export/day-book.ts')
  })

  it('form no cycle in src/ or sandbox/, type-only imports included', () => {
    expect(importCycles(graph)).toEqual([])
  })

  it('would name a cycle if there were one', () => {
    const ring = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']]
    ])
    expect(importCycles(ring)).toEqual([['a.ts', 'b.ts', 'c.ts']])
  })
})
