import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { INPUT_NAMES } from '../../src/config/inputs.js'
import { summaryOutputs } from '../../src/report/outputs.js'
import { VERSION } from '../../src/version.js'

interface ActionMetadata {
  inputs: Record<string, { description: string; default?: string }>
  outputs: Record<string, { description: string }>
  runs: { using: string; main: string }
}

const action = parse(readFileSync('action.yml', 'utf8')) as ActionMetadata

describe('action.yml', () => {
  it('runs dist/index.js on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
  })

  it('declares exactly the inputs the code reads, each described', () => {
    expect(Object.keys(action.inputs).sort()).toEqual([...INPUT_NAMES].sort())
    for (const input of Object.values(action.inputs))
      expect(input.description.length).toBeGreaterThan(10)
  })

  it('declares every output the code sets', () => {
    const set = Object.keys(summaryOutputs({ days: [] } as never))
    expect(Object.keys(action.outputs).sort()).toEqual([...set, 'asset-url', 'sha256'].sort())
  })

  it('keeps defaults in step with SPEC.md', () => {
    expect(action.inputs['harvest-url'].default).toBe('https://api.harvestapp.com/v2/time_entries')
    expect(action.inputs['days-back'].default).toBe('90')
    expect(action.inputs['timezone'].default).toBe('UTC')
    expect(action.inputs['role-duration-seconds'].default).toBe('3600')
    expect(action.inputs['audience'].default).toBe('sts.amazonaws.com')
    expect(action.inputs['github-token'].default).toBe('${{ github.token }}')
  })

  it('keeps the version in step with package.json', () => {
    expect(VERSION).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version)
  })
})
