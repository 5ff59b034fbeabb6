import { execFileSync } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parse } from 'yaml'
import { removeDir, tempDir } from '../support/harness.js'

interface Step {
  name?: string
  id?: string
  uses?: string
  run?: string
  if?: string
  with?: Record<string, unknown>
  env?: Record<string, string>
}

interface Workflow {
  on: Record<string, { types?: string[] }>
  permissions: Record<string, string>
  jobs: Record<string, { permissions?: Record<string, string>; steps: Step[] }>
}

describe('the release workflow', () => {
  let workflow: Workflow
  let steps: Step[]

  beforeAll(async () => {
    workflow = parse(await readFile('.github/workflows/release.yml', 'utf8')) as Workflow
    steps = workflow.jobs.publish.steps
  })

  const index = (predicate: (step: Step) => boolean): number => {
    const found = steps.findIndex(predicate)
    expect(found).toBeGreaterThanOrEqual(0)
    return found
  }

  it('runs when a release is published, with write access only where it publishes', () => {
    expect(workflow.on).toEqual({ release: { types: ['published'] } })
    expect(workflow.permissions).toEqual({ contents: 'read' })
    expect(workflow.jobs.publish.permissions).toEqual({ contents: 'write' })
  })

  it('tests and zips on Node 24, then publishes with the action from the checkout', () => {
    expect(steps.find((step) => step.uses?.startsWith('actions/setup-node'))?.with).toMatchObject({
      'node-version': 24
    })
    const install = index((step) => step.run === 'npm ci')
    const test = index((step) => step.run === 'npm test')
    const zip = index((step) => step.run?.includes('npm run package:lambda') === true)
    const publish = index((step) => step.uses === './')
    expect(install).toBeLessThan(test)
    expect(test).toBeLessThan(zip)
    expect(zip).toBeLessThan(publish)
    expect(steps[publish].with).toEqual({ command: 'publish-lambda' })
    // The published sha256 is compared with the zip built in the job.
    const check = steps[index((step) => step.env?.PUBLISHED !== undefined)]
    expect(check.env).toMatchObject({
      BUILT: '${{ steps.zip.outputs.sha256 }}',
      PUBLISHED: `\${{ steps.${steps[publish].id}.outputs.sha256 }}`
    })
  })

  it('moves the major tag to the release commit, except for pre-releases', () => {
    const move =
      steps[
        index((step) => step.run?.includes('git push --force origin "refs/tags/$major"') === true)
      ]
    expect(move.if).toBe('${{ !github.event.release.prerelease }}')
    expect(move.run).toContain('major="${TAG%%.*}"')
    expect(index((step) => step === move)).toBe(steps.length - 1)
  })

  it('moves vN in a real repository: to the release commit for vN.x.y, not for other tags', async () => {
    const move = steps[index((step) => step.run?.includes('refs/tags/$major') === true)]
    const dir = await tempDir()
    // Nothing inherited but PATH: no GIT_DIR or user config can lead git to another repository.
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: dir,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_AUTHOR_NAME: 'test',
      GIT_AUTHOR_EMAIL: 'test@example.com',
      GIT_COMMITTER_NAME: 'test',
      GIT_COMMITTER_EMAIL: 'test@example.com',
      GITHUB_STEP_SUMMARY: join(dir, 'summary')
    }
    const git = (cwd: string, ...args: string[]): string =>
      execFileSync('git', args, { cwd, env, encoding: 'utf8' }).trim()
    const moveTag = (tag: string): string =>
      execFileSync('bash', ['-e', '-c', move.run!], {
        cwd: clone,
        env: { ...env, TAG: tag },
        encoding: 'utf8'
      })
    const origin = join(dir, 'origin.git')
    const clone = join(dir, 'clone')
    try {
      git(dir, 'init', '--quiet', '--bare', origin)
      git(dir, 'clone', '--quiet', origin, clone)
      git(clone, 'commit', '--quiet', '--allow-empty', '-m', 'one')
      git(clone, 'tag', 'v1.0.0')
      git(clone, 'tag', 'v1')
      git(clone, 'commit', '--quiet', '--allow-empty', '-m', 'two')
      git(clone, 'tag', 'v1.1.0')
      git(clone, 'push', '--quiet', 'origin', 'HEAD', '--tags')
      const release = git(clone, 'rev-parse', 'HEAD')
      expect(git(origin, 'rev-parse', 'v1')).not.toBe(release)

      expect(moveTag('release-2025')).toContain('::notice::release-2025 is not vMAJOR.MINOR.PATCH')
      expect(git(origin, 'rev-parse', 'v1')).not.toBe(release)
      moveTag('v1.1.0')
      expect(git(origin, 'rev-parse', 'v1')).toBe(release)
    } finally {
      await removeDir(dir)
    }
  })

  it('packages with the TypeScript script', async () => {
    const scripts = (
      JSON.parse(await readFile('package.json', 'utf8')) as { scripts: Record<string, string> }
    ).scripts
    expect(scripts['package:lambda']).toBe('tsx scripts/package-lambda.ts')
  })
})
