import { execFileSync } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { parse } from 'yaml'
import { removeDir, tempDir } from '../support/harness.js'
// @ts-expect-error: a plain .mjs script (run by node in the release job), no type declarations
import { releasePlan } from '../../scripts/major-tag.mjs'

interface Step {
  name?: string
  id?: string
  uses?: string
  run?: string
  if?: string
  with?: Record<string, unknown>
  env?: Record<string, string>
}

interface Job {
  needs?: string
  permissions?: Record<string, string>
  outputs?: Record<string, string>
  steps: Step[]
}

interface Workflow {
  on: Record<string, { types?: string[] }>
  permissions: Record<string, string>
  concurrency: { group: string; 'cancel-in-progress': boolean }
  jobs: Record<string, Job>
}

/** `owner/name@<40 hex> # vX.Y.Z`, as the workflow file writes a pinned action. */
const PINNED = /^[\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/

type Plan = { moveMajor: boolean; major?: string; npmTag: string; reason: string }
const plan = releasePlan as (input: { tag: string; prerelease: boolean; tags: string[] }) => Plan

describe('the release workflow', () => {
  let workflow: Workflow
  let build: Step[]
  let steps: Step[]

  beforeAll(async () => {
    workflow = parse(await readFile('.github/workflows/release.yml', 'utf8')) as Workflow
    build = workflow.jobs.build.steps
    steps = workflow.jobs.publish.steps
  })

  const indexIn = (list: Step[], predicate: (step: Step) => boolean): number => {
    const found = list.findIndex(predicate)
    expect(found).toBeGreaterThanOrEqual(0)
    return found
  }
  const index = (predicate: (step: Step) => boolean): number => indexIn(steps, predicate)

  it('runs when a release is published, one release at a time, with write access only where it publishes', () => {
    expect(workflow.on).toEqual({ release: { types: ['published'] } })
    expect(workflow.permissions).toEqual({ contents: 'read' })
    expect(Object.keys(workflow.jobs)).toEqual(['build', 'publish'])
    expect(workflow.jobs.build.permissions).toEqual({ contents: 'read' })
    expect(workflow.jobs.publish.needs).toBe('build')
    expect(workflow.jobs.publish.permissions).toEqual({ contents: 'write', 'id-token': 'write' })
    // One group for every release (not one per tag): they are serialized.
    expect(workflow.concurrency).toEqual({ group: 'release', 'cancel-in-progress': false })
    expect(steps[0]).toMatchObject({ with: { 'fetch-depth': 0 } })
    expect(steps[0].uses).toMatch(/^actions\/checkout@/)
  })

  it('installs, builds and tests without write permissions or a token kept in the checkout', () => {
    expect(build[0].uses).toMatch(/^actions\/checkout@/)
    expect(build[0].with).toEqual({ 'persist-credentials': false })
    const install = indexIn(build, (step) => step.run === 'npm ci')
    const test = indexIn(build, (step) => step.run === 'npm test')
    const zip = indexIn(build, (step) => step.run?.includes('npm run package:lambda') === true)
    expect(install).toBeLessThan(test)
    expect(test).toBeLessThan(zip)
    expect(build.some((step) => step.uses === './' || step.run?.includes('publish'))).toBe(false)
    expect(workflow.jobs.build.outputs).toEqual({ sha256: '${{ steps.zip.outputs.sha256 }}' })
  })

  it('runs no install script and no tests while it holds write permissions', () => {
    expect(steps.filter((step) => step.run?.startsWith('npm ci'))).toEqual([
      { run: 'npm ci --ignore-scripts' }
    ])
    expect(steps.some((step) => step.run?.includes('npm test'))).toBe(false)
  })

  it.each(['release.yml', 'ci.yml'])(
    '%s pins every third-party action by commit (its tag in a comment) and every Python tool by version',
    async (file) => {
      const yaml = await readFile(`.github/workflows/${file}`, 'utf8')
      const uses = [...yaml.matchAll(/^\s+(?:- )?uses: (.+)$/gm)].map((match) => match[1])
      expect(uses.length).toBeGreaterThan(0)
      for (const action of uses.filter((use) => use !== './')) expect(action).toMatch(PINNED)
      for (const install of yaml.match(/\b(pipx run|pip install) .*/g) ?? [])
        expect(install).toMatch(/==\d+\.\d+\.\d+/)
      // No job keeps the checkout's token unless it pushes (the release's tag move).
      const checkouts = yaml.split(/^\s+- uses: actions\/checkout@/m).slice(1)
      for (const checkout of checkouts.map((block) => block.split(/^\s+- /m)[0]))
        expect(checkout).toMatch(
          /persist-credentials: false|token: \$\{\{ secrets.RELEASE_TAG_TOKEN/
        )
    }
  )

  it('publishes on Node 24 with the action from the checkout the zip built and tested', () => {
    expect(steps.find((step) => step.uses?.startsWith('actions/setup-node'))?.with).toMatchObject({
      'node-version': 24,
      'registry-url': 'https://registry.npmjs.org'
    })
    const publish = index((step) => step.uses === './')
    expect(steps[publish].with).toEqual({ command: 'publish-lambda' })
    // The published sha256 is compared with the zip the build job built and tested.
    const check = steps[index((step) => step.env?.PUBLISHED !== undefined)]
    expect(check.env).toMatchObject({
      BUILT: '${{ needs.build.outputs.sha256 }}',
      PUBLISHED: `\${{ steps.${steps[publish].id}.outputs.sha256 }}`
    })
  })

  it('publishes to npm with provenance under the dist-tag the plan chose, after the release checks', () => {
    const planStep = index((step) => step.id === 'plan')
    const npm = index((step) => step.run?.includes('npm publish') === true)
    expect(steps[planStep].run).toContain('node scripts/major-tag.mjs "$TAG"')
    expect(steps[npm].run).toContain('npm publish --provenance --access public --tag "$NPM_TAG"')
    expect(steps[npm].env).toEqual({
      NODE_AUTH_TOKEN: '${{ secrets.NPM_TOKEN }}',
      NPM_TAG: '${{ steps.plan.outputs.npm-tag }}'
    })
    expect(index((step) => step.env?.PUBLISHED !== undefined)).toBeLessThan(npm)
    expect(
      indexIn(build, (step) => step.name?.startsWith('Check the package version') === true)
    ).toBeGreaterThanOrEqual(0)
  })

  it('moves the major tag last, only when the plan says so, through the script', () => {
    const move = steps.length - 1
    expect(steps[move]).toMatchObject({
      if: "${{ steps.plan.outputs.move-major == 'true' }}",
      run: 'node scripts/major-tag.mjs "$TAG" --push'
    })
  })

  it('packages with the TypeScript script, and builds the zip before packing', async () => {
    const scripts = (
      JSON.parse(await readFile('package.json', 'utf8')) as { scripts: Record<string, string> }
    ).scripts
    expect(scripts['package:lambda']).toBe('tsx scripts/package-lambda.ts')
    expect(scripts.prepack).toContain('scripts/package-lambda.ts')
  })
})

describe('the major tag plan (scripts/major-tag.mjs)', () => {
  const tags = ['v1.0.0', 'v1.3.4', 'v1.4.0', 'v2.0.0-rc.1']

  it('moves vN for the newest vN.x.y, which becomes npm latest', () => {
    expect(plan({ tag: 'v1.4.1', prerelease: false, tags: [...tags, 'v1.4.1'] })).toMatchObject({
      moveMajor: true,
      major: 'v1',
      npmTag: 'latest'
    })
  })

  it('leaves vN alone for a backport older than the newest vN release, and keeps npm latest', () => {
    const backport = plan({ tag: 'v1.3.5', prerelease: false, tags: [...tags, 'v1.3.5'] })
    expect(backport).toEqual({
      moveMajor: false,
      major: 'v1',
      npmTag: 'latest-1-3',
      reason: 'v1.3.5 is older than v1.4.0: v1 stays where it is'
    })
  })

  it('moves v1 for a fix of the old major, without taking npm latest from v2', () => {
    expect(
      plan({ tag: 'v1.4.1', prerelease: false, tags: [...tags, 'v2.0.0', 'v1.4.1'] })
    ).toMatchObject({
      moveMajor: true,
      major: 'v1',
      npmTag: 'latest-1'
    })
  })

  it('never moves for pre-releases or tags that are not vMAJOR.MINOR.PATCH', () => {
    expect(plan({ tag: 'v2.0.0-rc.1', prerelease: true, tags })).toMatchObject({
      moveMajor: false,
      npmTag: 'next'
    })
    expect(plan({ tag: 'v2.0.0', prerelease: true, tags })).toMatchObject({
      moveMajor: false,
      npmTag: 'next'
    })
    expect(plan({ tag: 'release-2025', prerelease: false, tags }).reason).toBe(
      'release-2025 is not vMAJOR.MINOR.PATCH: the major tag is not moved'
    )
  })

  it('moves vN in a real repository: to the release commit for the newest release, not for a backport', async () => {
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
      GITHUB_STEP_SUMMARY: join(dir, 'summary'),
      GITHUB_OUTPUT: join(dir, 'output')
    }
    const script = resolve('scripts/major-tag.mjs')
    const git = (cwd: string, ...args: string[]): string =>
      execFileSync('git', args, { cwd, env, encoding: 'utf8' }).trim()
    const release = (tag: string): string =>
      execFileSync(process.execPath, [script, tag, '--push'], { cwd: clone, env, encoding: 'utf8' })
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
      const two = git(clone, 'rev-parse', 'HEAD')
      git(clone, 'checkout', '--quiet', 'v1.0.0')
      git(clone, 'commit', '--quiet', '--allow-empty', '-m', 'backport')
      git(clone, 'tag', 'v1.0.1')
      git(clone, 'push', '--quiet', 'origin', 'HEAD:refs/heads/main', '--tags')

      expect(release('v1.1.0')).toContain('v1.1.0 is the newest v1 release: v1 moves to it')
      expect(git(origin, 'rev-parse', 'v1^{commit}')).toBe(two)
      // The backport is released after v1.1.0: v1 stays on v1.1.0.
      expect(release('v1.0.1')).toContain('v1.0.1 is older than v1.1.0: v1 stays where it is')
      expect(git(origin, 'rev-parse', 'v1^{commit}')).toBe(two)
      expect(await readFile(join(dir, 'output'), 'utf8')).toBe(
        'npm-tag=latest\nmove-major=true\nnpm-tag=latest-1-0\nmove-major=false\n'
      )
    } finally {
      await removeDir(dir)
    }
  })
})
