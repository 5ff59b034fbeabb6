import {
  ACTION_NAMES,
  CLI_NAMES,
  LAMBDA_NAMES,
  spellerFor
} from '../../src/config/setting-names.js'
import { HarvestError, SafetyError, userMessage, wordingOf } from '../../src/errors.js'
import { advice, render, setting, words } from '../../src/wording.js'

const REFUSAL = words`check ${setting('harvestAccountId')}, or re-run with ${setting('allowEmpty', 'true')}; to skip, set ${setting('lateEdits', 'ignore')}.`

describe('messages that name settings', () => {
  it('read as the action spells them until a face spells them its way', () => {
    expect(new SafetyError(REFUSAL).message).toBe(
      'check harvest-account-id, or re-run with allow-empty: true; to skip, set late-edits: ignore.'
    )
  })

  it.each([
    [
      ACTION_NAMES,
      'check harvest-account-id, or re-run with allow-empty: true; to skip, set late-edits: ignore.'
    ],
    [
      CLI_NAMES,
      'check --account-id, or re-run with --allow-empty; to skip, set --late-edits ignore.'
    ],
    [
      LAMBDA_NAMES,
      'check HARVEST_ACCOUNT_ID, or re-run with ALLOW_EMPTY=true; to skip, set LATE_EDITS=ignore.'
    ]
  ])('are spelled by each face at its edge (%#)', (names, expected) => {
    expect(userMessage(new SafetyError(REFUSAL), [], spellerFor(names))).toBe(expected)
  })

  it('keep their references when one error is quoted in another', () => {
    const cause = new HarvestError(words`Harvest said no: check ${setting('harvestUrl')}.`, {
      status: 404
    })
    const wrapped = new SafetyError(words`Late edits: ${wordingOf(cause)} Nothing was written.`)
    expect(userMessage(wrapped, [], spellerFor(CLI_NAMES))).toBe(
      'Late edits: Harvest said no: check --harvest-url. Nothing was written.'
    )
    expect(cause.status).toBe(404)
    expect(wordingOf(new Error('plain'))).toEqual(['plain'])
  })

  it('word advice the face words its own way, and the store’s words elsewhere', () => {
    const missing = words`No AWS credentials were found: ${advice('s3-no-credentials', ['use the default chain'])}.`
    expect(render(missing)).toBe('No AWS credentials were found: use the default chain.')
    expect(render(missing, spellerFor(ACTION_NAMES))).toContain('set role-to-assume')
    expect(render(missing, spellerFor(LAMBDA_NAMES))).toContain("the function's execution role")
  })
})
