import { GetFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda'
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { buildLambdaZip } from '../../src/publish/lambda-zip.js'
import { removeDir, tempDir } from '../support/harness.js'
import { HarvestSimulator } from '../../sandbox/harvest-simulator.js'
import { runScript } from './support/cli.js'
import { Moto } from './support/moto.js'
import { parseJson } from '../support/json.js'

/**
 * The npm package as `npx harvest-s3-export` gets it: packed (prepack builds the Lambda zip),
 * unpacked outside the repository with no node_modules, and its bin run against moto.
 */
describe('the npm package', () => {
  const moto = new Moto()
  let dir: string
  let files: string[]
  let bin: string

  // The Harvest deploy lambda checks the token against before deploying.
  const harvest = new HarvestSimulator({
    accountId: '7',
    token: 'packaged-token-9d8e7f',
    entries: 5
  })

  beforeAll(async () => {
    await moto.start()
    await harvest.start()
    dir = await tempDir()
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--pack-destination', dir], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore']
      })
    ) as Array<{ filename: string; files: Array<{ path: string }> }>
    files = packed[0].files.map((file) => file.path).sort()
    execFileSync('tar', ['-xzf', join(dir, packed[0].filename), '-C', dir])
    bin = join(dir, 'package', 'dist', 'cli', 'index.js')
  })

  afterAll(async () => {
    await moto.stop()
    await harvest.stop()
    await removeDir(dir)
  })

  it('holds the CLI, the Lambda zip, the templates and the license, not the action bundle', async () => {
    for (const file of [
      'LICENSE',
      'package.json',
      'dist/cli/index.js',
      'dist/cli/package.json',
      'build/harvest-s3-export-lambda.zip',
      'deploy/lambda.yml',
      'deploy/github-oidc-role.yml'
    ])
      expect(files).toContain(file)
    expect(files).not.toContain('dist/index.js')
    expect(files.filter((file) => file.startsWith('dist/lambda/'))).toEqual([])
    const manifest = parseJson<Record<string, unknown>>(
      await readFile(join(dir, 'package', 'package.json'), 'utf8')
    )
    // @types/jest declares the asymmetric matchers (expect.stringMatching) as returning any.
    /* eslint-disable @typescript-eslint/no-unsafe-assignment */
    expect(manifest).toMatchObject({
      bin: { 'harvest-s3-export': 'dist/cli/index.js' },
      repository: { url: expect.stringMatching(/github\.com/) },
      homepage: expect.stringMatching(/^https:\/\//),
      bugs: { url: expect.stringMatching(/\/issues$/) }
    })
    /* eslint-enable @typescript-eslint/no-unsafe-assignment */
    // The same reproducible bytes as npm run package:lambda and the release asset.
    const zip = await readFile(join(dir, 'package', 'build', 'harvest-s3-export-lambda.zip'))
    expect(zip.equals(await buildLambdaZip(resolve('dist/lambda')))).toBe(true)
  })

  it('deploys the Lambda function from its own zip and templates, run from anywhere', async () => {
    const result = await runScript(
      [
        bin,
        'deploy',
        'lambda',
        '--bucket',
        'acme-packaged',
        '--create-bucket',
        '--account-id',
        '7',
        '--harvest-url',
        harvest.url
      ],
      { ...moto.env(), HARVEST_ACCESS_TOKEN: 'packaged-token-9d8e7f' },
      dir
    )
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/Stack harvest-s3-export: created/)
    const zip = await readFile(join(dir, 'package', 'build', 'harvest-s3-export-lambda.zip'))
    const lambda = new LambdaClient(moto.clientConfig())
    const fn = await lambda.send(new GetFunctionCommand({ FunctionName: 'harvest-s3-export' }))
    lambda.destroy()
    expect(fn.Configuration?.CodeSha256).toBe(createHash('sha256').update(zip).digest('base64'))
  })

  it('keeps the deploy code out of the action, the Lambda function and the CLI entry (a chunk loaded by deploy only)', async () => {
    const markers = ['CreateChangeSetCommand', 'ListOpenIDConnectProvidersCommand']
    for (const bundle of ['dist/index.js', 'dist/lambda/index.js', 'dist/cli/index.js']) {
      const text = await readFile(resolve(bundle), 'utf8')
      for (const marker of markers)
        expect({ bundle, has: text.includes(marker) }).toEqual({ bundle, has: false })
    }
    const chunks = files.filter((file) => /^dist\/cli\/\d+\.index\.js$/.test(file))
    const texts = await Promise.all(
      chunks.map((file) => readFile(join(dir, 'package', file), 'utf8'))
    )
    for (const marker of markers) expect(texts.some((text) => text.includes(marker))).toBe(true)
  })

  it('documents deploy in --help', async () => {
    const result = await runScript([bin, 'deploy', '--help'], {}, dir)
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('harvest-s3-export deploy lambda --bucket B')
    expect(result.stdout).toContain(
      'harvest-s3-export deploy github-role --repo OWNER/NAME --bucket B'
    )
  })
})
