import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { INPUT_NAMES } from '../../../src/config/inputs.js'
import { SETTING_NAMES, SETTINGS, type Setting } from '../../../src/config/registry.js'
import { summaryOutputs } from '../../../src/report/outputs.js'
import { verifyOutputs } from '../../../src/report/verify-report.js'
import { VERSION } from '../../../src/version.js'
import { parseJson } from '../../support/json.js'

interface ActionMetadata {
  inputs: Record<string, { description: string; default?: string }>
  outputs: Record<string, { description: string }>
  runs: { using: string; main: string }
}

const action = parse(readFileSync('action.yml', 'utf8')) as ActionMetadata
const readme = readFileSync('README.md', 'utf8')

/** The text of one `## ` section of README.md, without its heading. */
function section(heading: string): string {
  const start = readme.indexOf(`\n## ${heading}\n`)
  if (start < 0) throw new Error(`README.md has no section "${heading}"`)
  const body = readme.slice(readme.indexOf('\n', start + 1) + 1)
  const end = body.indexOf('\n## ')
  return end < 0 ? body : body.slice(0, end)
}

/** A section's table rows as cells (the header and its rule left out). */
function tableRows(heading: string): string[][] {
  return section(heading)
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((row) =>
      row
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim())
    )
}

/** The README's inputs table as a user reads it: input name -> the default column's text. */
function readmeInputs(): Map<string, string> {
  return new Map(
    tableRows('Inputs').map(([name, fallback]) => [name.replace(/^`|`$/g, ''), fallback])
  )
}

/** The README's outputs table: every name in the first column (a row may name several). */
function readmeOutputs(): string[] {
  return tableRows('Outputs').flatMap(([names]) =>
    [...names.matchAll(/`([a-z0-9-]+)`/g)].map((m) => m[1])
  )
}

describe('action.yml', () => {
  it('runs dist/index.js on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
  })

  it('reads the README tables the way a user does (a check of this test itself)', () => {
    expect(readmeInputs().size).toBeGreaterThanOrEqual(29)
    expect(readmeInputs().get('days-back')).toBe('`90`')
    expect(readmeOutputs()).toEqual(expect.arrayContaining(['entries', 'window-to', 'sha256']))
    expect(readmeOutputs()).not.toContain('publish-lambda')
  })

  it('declares exactly the inputs the README documents, each described', () => {
    expect(Object.keys(action.inputs).sort()).toEqual([...readmeInputs().keys()].sort())
    for (const input of Object.values(action.inputs))
      expect(input.description.length).toBeGreaterThan(10)
  })

  it('declares exactly the outputs the README documents, each described', () => {
    expect(Object.keys(action.outputs).sort()).toEqual(readmeOutputs().sort())
    for (const output of Object.values(action.outputs))
      expect(output.description.length).toBeGreaterThan(5)
  })

  it('has the default the README gives wherever it gives a literal one', () => {
    const literals = [...readmeInputs()].flatMap(([name, cell]) => {
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

  it('declares the default and the accepted values the registry gives', () => {
    for (const name of SETTING_NAMES) {
      const setting: Setting = SETTINGS[name]
      const input = action.inputs[setting.input]
      if (setting.default !== undefined)
        expect([setting.input, input.default]).toEqual([setting.input, setting.default])
      if (setting.type === 'boolean')
        expect([setting.input, input.default]).toEqual([setting.input, 'false'])
      for (const value of setting.type === 'choice' ? (setting.values ?? []) : [])
        expect(input.description).toContain(`\`${value}\``)
    }
  })

  it('declares every output the code sets', () => {
    const set = Object.keys(summaryOutputs({ days: [], closedChanges: [] } as never))
    const verify = Object.keys(verifyOutputs({ problems: [], daysChecked: 0 }))
    expect(Object.keys(action.outputs).sort()).toEqual(
      [...set, ...verify, 'asset-url', 'sha256'].sort()
    )
  })

  it('keeps the version in step with package.json', () => {
    expect(VERSION).toBe(
      parseJson<{ version: string }>(readFileSync('package.json', 'utf8')).version
    )
  })
})
