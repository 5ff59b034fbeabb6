import { cliRepairs } from '../../../src/cli/verify.js'

/** Each repair the CLI prints is a command line a user can paste and run as it is. */
describe('the CLI spelling of verify repairs', () => {
  const argv = ['--bucket', 'my-timesheets', '--prefix', 'harvest/', '--json', '--days-back=7']

  it('spells a backfill with the verify flags and the window, --json left out', () => {
    expect(cliRepairs(argv).backfill('2024-03-01', '2024-03-31', false)).toBe(
      'harvest-s3-export --bucket my-timesheets --prefix harvest/ --from 2024-03-01 --to 2024-03-31'
    )
  })

  it('spells an export of resources as a runnable command, with only those resources', () => {
    const spelled = cliRepairs([...argv, '--resources', 'all']).export(['projects', 'clients'])
    expect(spelled).toBe(
      'harvest-s3-export --bucket my-timesheets --prefix harvest/ --resources projects,clients'
    )
    // Nothing a shell would stop at, and no word the CLI takes for a positional argument.
    expect(spelled).not.toMatch(/[()#]/)
  })
})
