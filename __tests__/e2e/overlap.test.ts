import { Harness, expectedDayFiles } from '../support/harness.js'
import { ACTION, CLI, actionInputs, runNode } from '../support/processes.js'

describe('overlapping runs (a scheduled action and a manual CLI run)', () => {
  let h: Harness

  beforeAll(async () => {
    h = await new Harness().start({ entries: 2500, from: '2025-01-01', to: '2025-03-31' })
  })

  afterAll(async () => {
    await h.stop()
  })

  it('started together against the same store, both succeed and the store ends exact', async () => {
    const window = { from: '2025-01-01', to: '2025-03-31' }
    const action = runNode(ACTION, [], {
      ...h.s3.awsEnv(),
      ...actionInputs({ ...h.settings(), ...window }),
      GITHUB_OUTPUT: '/dev/null'
    })
    const cli = runNode(
      CLI,
      [
        '--from',
        window.from,
        '--to',
        window.to,
        '--bucket',
        h.s3.bucket,
        '--endpoint',
        h.s3.endpoint,
        '--prefix',
        'harvest/'
      ],
      {
        ...h.s3.awsEnv(),
        ...h.cliEnv()
      }
    )
    const [fromAction, fromCli] = await Promise.all([action, cli])
    expect([fromAction.code, fromCli.code]).toEqual([0, 0])
    expect(await h.s3.snapshot()).toEqual(
      expectedDayFiles(h.harvest.entries, window.from, window.to)
    )
    // Every write was conditional, so neither run could overwrite the other blindly.
    const puts = h.s3.requests.filter((request) => request.kind === 'put')
    expect(
      puts.every(
        (put) => put.headers['if-none-match'] === '*' || typeof put.headers['if-match'] === 'string'
      )
    ).toBe(true)
  })
})
