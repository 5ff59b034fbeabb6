import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { INPUT_NAMES } from '../../src/config/inputs.js'
import { summaryOutputs } from '../../src/report/outputs.js'
import { VERSION } from '../../src/version.js'
import { parseJson } from '../support/json.js'

interface ActionMetadata {
  inputs: Record<string, { description: string; default?: string }>
  outputs: Record<string, { description: string }>
  runs: { using: string; main: string }
}

const action = parse(readFileSync('action.yml', 'utf8')) as ActionMetadata
const spec = readFileSync('../shared/SPEC.md', 'utf8')

/** The text of one `## ` section of SPEC.md, without its heading. */
function section(heading: string): string {
  const start = spec.indexOf(`\n## ${heading}`)
  if (start < 0) throw new Error(`SPEC.md has no section "${heading}"`)
  const body = spec.slice(spec.indexOf('\n', start + 1) + 1)
  const end = body.indexOf('\n## ')
  return end < 0 ? body : body.slice(0, end)
}

/** SPEC's inputs table as a user reads it: input name -> the default column's text. */
function specInputs(): Map<string, string> {
  const rows = section('Action inputs')
    .split('\n')
    .filter((line) => line.startsWith('| `'))
  return new Map(
    rows.map((row) => {
      const [name, fallback] = row
        .split('|')
        .slice(1, 3)
        .map((cell) => cell.trim())
      return [name.replace(/^`|`$/g, ''), fallback]
    })
  )
}

/**
 * SPEC's outputs paragraph: the export outputs are the first sentence's names (before the
 * job summary is described), the publish-lambda outputs the sentence that names them.
 */
function specOutputs(): string[] {
  const text = section('Action outputs')
  const names = (sentence: string) => [...sentence.matchAll(/`([a-z0-9-]+)`/g)].map((m) => m[1])
  const exportOutputs = names(text.slice(0, text.indexOf('. ')))
  const publish = /`publish-lambda` outputs (.*?)\./s.exec(text)
  if (!publish) throw new Error('SPEC.md names no publish-lambda outputs')
  return [...exportOutputs, ...names(publish[1])]
}

describe('action.yml', () => {
  it('runs dist/index.js on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
  })

  it('reads SPEC.md the way a user does (a check of this test itself)', () => {
    expect(specInputs().size).toBeGreaterThanOrEqual(29)
    expect(specInputs().get('days-back')).toBe('`90`')
    expect(specOutputs()).toEqual(expect.arrayContaining(['entries', 'window-to', 'sha256']))
    expect(specOutputs()).not.toContain('publish-lambda')
  })

  it('declares exactly the inputs of SPEC.md, each described', () => {
    expect(Object.keys(action.inputs).sort()).toEqual([...specInputs().keys()].sort())
    for (const input of Object.values(action.inputs))
      expect(input.description.length).toBeGreaterThan(10)
  })

  it('declares exactly the outputs of SPEC.md, each described', () => {
    expect(Object.keys(action.outputs).sort()).toEqual(specOutputs().sort())
    for (const output of Object.values(action.outputs))
      expect(output.description.length).toBeGreaterThan(5)
  })

  it('has the default SPEC.md gives wherever SPEC gives a literal one', () => {
    const literals = [...specInputs()].flatMap(([name, cell]) => {
      // A literal is one code span without placeholders; prose defaults are computed in code.
      const literal = /^`([^`<]*)`$/.exec(cell)
      return literal ? [[name, literal[1]] as const] : []
    })
    expect(literals.length).toBeGreaterThanOrEqual(15)
    const declared = literals.map(([name]) => [name, action.inputs[name]?.default ?? ''])
    expect(Object.fromEntries(declared)).toEqual(Object.fromEntries(literals))
  })

  it('declares exactly the inputs the code reads', () => {
    expect(Object.keys(action.inputs).sort()).toEqual([...INPUT_NAMES].sort())
  })

  it('declares every output the code sets', () => {
    const set = Object.keys(summaryOutputs({ days: [] } as never))
    expect(Object.keys(action.outputs).sort()).toEqual([...set, 'asset-url', 'sha256'].sort())
  })

  it('keeps the version in step with package.json', () => {
    expect(VERSION).toBe(
      parseJson<{ version: string }>(readFileSync('package.json', 'utf8')).version
    )
  })
})
