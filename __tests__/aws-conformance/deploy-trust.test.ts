import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam'
import { GetFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda'
import {
  CreateBucketCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client
} from '@aws-sdk/client-s3'
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { parse } from 'yaml'
import { buildLambdaZip } from '../../src/publish/lambda-zip.js'
import { removeDir, tempDir } from '../support/harness.js'
import { HarvestSimulator } from '../../sandbox/harvest-simulator.js'
import { runCliSource } from './support/cli.js'
import { Moto, operation, policyDocument, type RecordedRequest } from './support/moto.js'

const BUCKET = 'acme-trusted'
/** moto's account for any credentials. */
const ACCOUNT = '123456789012'
const SUB = 'token.actions.githubusercontent.com:sub'

/**
 * Deploy trusts nothing it did not check: a code zip planted in the bucket is never deployed,
 * every S3 call names the bucket owner it expects, and the GitHub role trusts one branch
 * unless every ref is asked for out loud.
 */
describe('deploy against moto trusts nothing it did not check', () => {
  const moto = new Moto()
  let s3: S3Client
  let lambda: LambdaClient
  let iam: IAMClient
  let zip: Buffer
  let dir: string
  // The Harvest the token check asks before anything is deployed.
  const harvest = new HarvestSimulator({ accountId: '1', token: 'tok-trust-1', entries: 5 })

  beforeAll(async () => {
    await moto.start()
    await harvest.start()
    const config = moto.clientConfig()
    s3 = new S3Client({ ...config, forcePathStyle: true })
    lambda = new LambdaClient(config)
    iam = new IAMClient(config)
    zip = await buildLambdaZip(resolve('dist/lambda'))
    dir = await tempDir()
    await s3.send(
      new CreateBucketCommand({
        Bucket: BUCKET,
        CreateBucketConfiguration: { LocationConstraint: 'eu-central-1' }
      })
    )
  })

  afterAll(async () => {
    for (const client of [s3, lambda, iam]) client?.destroy()
    await moto.stop()
    await harvest.stop()
    await removeDir(dir)
  })

  const sha256 = (body: Buffer) => createHash('sha256').update(body).digest()
  const zipKey = () => `harvest-s3-export/lambda/${sha256(zip).toString('hex')}.zip`
  const env = () => ({
    ...moto.env(),
    HARVEST_ACCESS_TOKEN: 'tok-trust-1',
    HARVEST_ACCOUNT_ID: '1'
  })

  /** The S3 requests among `requests` (REST paths, not the query protocols' actions). */
  const s3Requests = (requests: RecordedRequest[]) =>
    requests.filter((request) => /^[A-Z]+ \//.test(operation(request)))
  const expectedOwner = (request: RecordedRequest) =>
    Object.entries(request.headers).find(
      ([name]) => name.toLowerCase() === 'x-amz-expected-bucket-owner'
    )?.[1]

  it('replaces an object planted at the zip key, and deploys the shipped zip', async () => {
    await s3.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: zipKey(), Body: 'not the real code!' })
    )
    let result!: Awaited<ReturnType<typeof runCliSource>>
    const requests = await moto.record(async () => {
      result = await runCliSource(
        ['deploy', 'lambda', '--bucket', BUCKET, '--harvest-url', harvest.url],
        env()
      )
    })
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(
      `Lambda zip s3://${BUCKET}/${zipKey()}: replaced: the object there was not the shipped zip`
    )
    const fn = await lambda.send(new GetFunctionCommand({ FunctionName: 'harvest-s3-export' }))
    expect(fn.Configuration?.CodeSha256).toBe(sha256(zip).toString('base64'))
    const stored = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: zipKey() }))
    expect(Buffer.from(await stored.Body!.transformToByteArray()).equals(zip)).toBe(true)

    // Every S3 call went to a bucket this deploy did not create: each names the owner.
    const calls = s3Requests(requests)
    expect(calls.map(operation)).toEqual(
      expect.arrayContaining([
        `HEAD /${BUCKET}/`,
        `GET /${BUCKET}/${zipKey()}`,
        `PUT /${BUCKET}/${zipKey()}`
      ])
    )
    expect(calls.filter((call) => expectedOwner(call) !== ACCOUNT).map(operation)).toEqual([])
  })

  it('reuses the zip on a rerun only because its SHA-256 matches', async () => {
    const result = await runCliSource(
      ['deploy', 'lambda', '--bucket', BUCKET, '--harvest-url', harvest.url],
      env()
    )
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(`${zipKey()}: already there (same SHA-256)`)
  })

  const trustedSub = async (roleName: string) => {
    const role = await iam.send(new GetRoleCommand({ RoleName: roleName }))
    const [statement] = policyDocument(role.Role?.AssumeRolePolicyDocument).Statement as Array<{
      Condition: { StringLike: Record<string, string> }
    }>
    return statement.Condition.StringLike[SUB]
  }
  const githubRole = (name: string, extra: string[]) =>
    runCliSource(
      [
        'deploy',
        'github-role',
        '--repo',
        'acme/timesheets',
        '--bucket',
        BUCKET,
        '--stack-name',
        name,
        '--role-name',
        name,
        '--workflow',
        `${name}.yml`,
        ...extra
      ],
      moto.env(),
      dir
    )

  it('trusts only the branch main by default', async () => {
    const result = await githubRole('on-main', [])
    expect(result.code).toBe(0)
    expect(result.stdout).not.toContain('warning')
    expect(await trustedSub('on-main')).toBe('repo:acme/timesheets:ref:refs/heads/main')
  })

  it('trusts one environment with --environment', async () => {
    const result = await githubRole('in-production', ['--environment', 'production'])
    expect(result.code).toBe(0)
    expect(await trustedSub('in-production')).toBe('repo:acme/timesheets:environment:production')
  })

  it('writes a workflow whose job runs in the trusted environment, so its token is the one the role accepts', async () => {
    const workflow = async (name: string) =>
      parse(await readFile(join(dir, `${name}.yml`), 'utf8')) as {
        jobs: { export: { environment?: string } }
      }
    const result = await githubRole('in-staging', ['--environment', 'staging'])
    expect(result.code).toBe(0)
    expect(await trustedSub('in-staging')).toBe('repo:acme/timesheets:environment:staging')
    expect((await workflow('in-staging')).jobs.export.environment).toBe('staging')
    // Trusting a branch, the job runs in no environment (its token would then name that instead).
    expect((await workflow('on-main')).jobs.export.environment).toBeUndefined()
  })

  it('trusts every ref only with --any-ref, and warns', async () => {
    const result = await githubRole('any-ref', ['--any-ref'])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(
      'warning: --any-ref: the role trusts every branch, tag, pull request and environment of acme/timesheets'
    )
    expect(await trustedSub('any-ref')).toBe('repo:acme/timesheets:*')
  })
})
