import { deploy } from '../../../src/deploy/command.js'
import { main } from '../../../src/cli/main.js'

/** Runs `harvest-s3-export deploy ...` in process, collecting what it prints. */
async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const lines: string[] = []
  const stderr: string[] = []
  const write = process.stderr.write.bind(process.stderr)
  process.stderr.write = (chunk: string) => stderr.push(String(chunk)) > 0
  try {
    const code = await deploy(argv, env, {
      out: (line) => void lines.push(line),
      readToken: () => Promise.resolve(undefined)
    })
    return { code, out: lines.join('\n'), err: stderr.join('') }
  } finally {
    process.stderr.write = write
  }
}

describe('harvest-s3-export deploy', () => {
  it('plans deploy github-role on --dry-run', async () => {
    const result = await run([
      'github-role',
      '--repo',
      'acme/timesheets',
      '--bucket',
      'acme-harvest',
      '--environment',
      'production',
      '--dry-run'
    ])
    expect(result.code).toBe(0)
    expect(result.out).toContain(
      'role harvest-s3-export-github for acme/timesheets (environment production), reading and writing s3://acme-harvest/harvest/'
    )
    expect(result.out).toMatch(
      /Write .*\.github\/workflows\/harvest-export\.yml \(uses: [\w.-]+\/[\w.-]+@v1\) unless it exists/
    )
  })

  it('exits 2 naming the accepted targets for an unknown one', async () => {
    const unknown = await run(['ec2'])
    expect(unknown.code).toBe(2)
    expect(unknown.err).toContain(
      'deploy: unknown target "ec2": use deploy lambda or deploy github-role.'
    )
  })

  it('is reached from the CLI entry', async () => {
    const write = process.stdout.write.bind(process.stdout)
    let printed = ''
    process.stdout.write = (chunk: string) => (printed += chunk).length > 0
    try {
      expect(await main(['deploy', '--help'], {})).toBe(0)
    } finally {
      process.stdout.write = write
    }
    expect(printed).toContain('harvest-s3-export deploy lambda --bucket B [options]')
  })
})
