import {
  ACTION_NAMES,
  CLI_NAMES,
  LAMBDA_NAMES,
  spellerFor
} from '../../../src/config/setting-names.js'
import { SafetyError, userMessage } from '../../../src/errors.js'
import { shapeConflict } from '../../../src/state/archive-shape.js'
import { emptyRecords } from '../../../src/state/embedded.js'
import { nextState, type RunFindings } from '../../../src/state/next-state.js'
import { parseState } from '../../../src/state/parse-state.js'
import { serializeState, type SyncState } from '../../../src/state/sync-state.js'
import { render } from '../../../src/wording.js'

const KEY = 'harvest/.harvest-s3-export/state.json'

/** A state as releases before the layout and format were recorded wrote it. */
function olderState(overrides: Partial<SyncState> = {}): SyncState {
  return {
    version: 1,
    account_id: '123456',
    archive_from: '2024-01-01',
    synced_at: '2025-03-31T14:00:00Z',
    days: { '20250102': 7 },
    records: emptyRecords(),
    ...overrides
  }
}

function findings(overrides: Partial<RunFindings> = {}): RunFindings {
  return {
    accountId: '123456',
    archive: { layout: 'hive', format: 'ndjson' },
    exportedFrom: '2024-12-31',
    dayCounts: new Map([['2025-01-02', 7]]),
    startedAt: 'Mon, 31 Mar 2025 15:00:00 GMT',
    swept: true,
    records: emptyRecords(),
    now: new Date('2025-03-31T15:00:05Z'),
    ...overrides
  }
}

describe("the state's record of its archive's layout and format", () => {
  it('is written by a first run, after the account, and read back as written', () => {
    const { state, write } = nextState(undefined, findings())
    expect(write).toBe(true)
    expect(state).toMatchObject({ layout: 'hive', format: 'ndjson' })
    const text = serializeState(state).toString()
    expect(Object.keys(JSON.parse(text) as object).slice(0, 4)).toEqual([
      'version',
      'account_id',
      'layout',
      'format'
    ])
    expect(serializeState(parseState(text, KEY)).toString()).toBe(text)
    expect(parseState(text, KEY)).toMatchObject({ layout: 'hive', format: 'ndjson' })
  })

  it('is absent from an older state, which is still read', () => {
    const parsed = parseState(serializeState(olderState()).toString(), KEY)
    expect(parsed.layout).toBeUndefined()
    expect(parsed.format).toBeUndefined()
    expect(serializeState(parsed).toString()).not.toMatch(/"layout"|"format"/)
  })

  it.each([
    ['"layout" is "snapshot", not flat or hive', { layout: 'snapshot', format: 'json' }],
    ['"layout" is 3, not flat or hive', { layout: 3 }],
    ['"format" is "csv", not json or ndjson', { layout: 'flat', format: 'csv' }]
  ])('refuses a recorded value it does not know: %s', (problem, fields) => {
    const text = JSON.stringify({ ...olderState(), ...fields })
    expect(() => parseState(text, KEY)).toThrow(
      `The state object ${KEY} cannot be used: ${problem}`
    )
  })

  it('comes to an older state with its next write, which it does not force by itself', () => {
    const previous = olderState()
    // An unchanged rerun within a day: nothing to write, the shape alone is no reason.
    expect(nextState(previous, findings())).toEqual({ state: previous, write: false })
    // A run that changed a day writes, and the shape goes along.
    const changed = nextState(previous, findings({ dayCounts: new Map([['2025-01-02', 8]]) }))
    expect(changed.write).toBe(true)
    expect(changed.state).toMatchObject({
      layout: 'hive',
      format: 'ndjson',
      days: { '20250102': 8 }
    })
    // So does synced_at moving by more than a day.
    const later = nextState(previous, findings({ startedAt: 'Wed, 02 Apr 2025 15:00:00 GMT' }))
    expect(later.write).toBe(true)
    expect(later.state).toMatchObject({ layout: 'hive', format: 'ndjson' })
  })

  it('leaves a state that records it unchanged on an unchanged rerun', () => {
    const previous = olderState({ layout: 'hive', format: 'ndjson' })
    expect(nextState(previous, findings())).toEqual({ state: previous, write: false })
  })
})

describe('a run of another layout or format than the archive', () => {
  const flatJson = { layout: 'flat', format: 'json' } as const

  it.each([
    ['the same shape', flatJson],
    ['any shape, on a state that records none', { layout: 'hive', format: 'ndjson' }]
  ] as const)('is no conflict for %s', (_, run) => {
    const recorded = run === flatJson ? flatJson : {}
    expect(shapeConflict(recorded, run, KEY)).toBeUndefined()
  })

  it('names both shapes, the state key and the setting to keep', () => {
    const conflict = shapeConflict(flatJson, { layout: 'hive', format: 'json' }, KEY)!
    expect(render(conflict)).toBe(
      `The archive under this prefix is flat/json (recorded in ${KEY}), but this run writes hive/json. Nothing was written. Use another s3-prefix, or keep layout: flat.`
    )
  })

  it('names the format, or both settings when both differ', () => {
    const format = shapeConflict(flatJson, { layout: 'flat', format: 'ndjson' }, KEY)!
    expect(render(format)).toContain('this run writes flat/ndjson. Nothing was written.')
    expect(render(format)).toContain('or keep format: json.')
    const both = shapeConflict(flatJson, { layout: 'hive', format: 'ndjson' }, KEY)!
    expect(render(both)).toContain('or keep layout: flat and format: json.')
  })

  it('refuses a snapshot on an archive of day files, saying a flat one would be overwritten', () => {
    const flat = render(shapeConflict(flatJson, { layout: 'snapshot', format: 'json' }, KEY)!)
    expect(flat).toContain('this run writes snapshot/json, whose object for the run')
    expect(flat).toContain('would overwrite it. Nothing was written.')
    const hive = { layout: 'hive', format: 'json' } as const
    const beside = render(shapeConflict(hive, { layout: 'snapshot', format: 'json' }, KEY)!)
    expect(beside).toContain('is hive/json (recorded in')
    expect(beside).not.toContain('overwrite')
    const older = render(shapeConflict({}, { layout: 'snapshot', format: 'json' }, KEY)!)
    expect(older).toContain(`keeps one file per day (its state is ${KEY};`)
    expect(older).toContain('or keep the layout it was written with.')
  })

  it.each([
    [ACTION_NAMES, 'Use another s3-prefix, or keep layout: flat.'],
    [CLI_NAMES, 'Use another --prefix, or keep --layout flat.'],
    [LAMBDA_NAMES, 'Use another S3_PREFIX, or keep LAYOUT=flat.']
  ])('spells the settings as each face does (%#)', (names, advice) => {
    const conflict = shapeConflict(flatJson, { layout: 'hive', format: 'json' }, KEY)!
    expect(userMessage(new SafetyError(conflict), [], spellerFor(names))).toContain(advice)
  })
})
