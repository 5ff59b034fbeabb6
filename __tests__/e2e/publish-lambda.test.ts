import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3'
import { readFile, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { buildLambdaZip, LAMBDA_ZIP_NAME } from '../../src/publish/lambda-zip.js'
import { sha256Hex } from '../../src/util/hash.js'
import { removeDir, tempDir } from '../support/harness.js'
import { ACTION, actionInputs, parseOutputs, runNode } from '../support/processes.js'
import { LocalS3 } from '../../sandbox/local-s3.js'
import { GitHubDouble } from '../support/github-double.js'
import { LambdaDouble } from '../support/lambda-double.js'

const TAG = 'v1.2.3'

describe('command: publish-lambda, run as GitHub runs the bundled action', () => {
  let github: GitHubDouble
  let s3: LocalS3
  let lambda: LambdaDouble
  let dir: string
  let zip: Buffer

  beforeAll(async () => {
    zip = await buildLambdaZip(resolve('dist/lambda'))
    s3 = await new LocalS3().start()
    lambda = await new LambdaDouble('harvest-export', async (bucket, key) => {
      const object = await s3.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))
      return Buffer.from(await object.Body!.transformToByteArray())
    }).start()
  })

  afterAll(async () => {
    await lambda?.stop()
    await s3?.stop()
  })

  beforeEach(async () => {
    github = await new GitHubDouble().start()
    github.addRelease(TAG)
    lambda.updates = []
    lambda.polls = 0
    lambda.pollStatuses = []
    dir = await tempDir()
    await writeFile(join(dir, 'output'), '')
  })

  afterEach(async () => {
    await github.stop()
    await removeDir(dir)
  })

  async function runAction(inputs: Record<string, string>, env: Record<string, string> = {}) {
    const result = await runNode(ACTION, [], {
      ...s3.awsEnv(),
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      AWS_ENDPOINT_URL_LAMBDA: lambda.endpoint,
      ...actionInputs({ command: 'publish-lambda', 'github-token': github.token, ...inputs }),
      GITHUB_API_URL: github.apiUrl,
      GITHUB_REPOSITORY: `${github.owner}/${github.repo}`,
      GITHUB_OUTPUT: join(dir, 'output'),
      RUNNER_TEMP: dir,
      ...env
    })
    const stdout = result.stdout.replace(`::add-mask::${github.token}`, '')
    expect(stdout).not.toContain(github.token)
    expect(result.stderr).not.toContain(github.token)
    return { ...result, stdout, outputs: parseOutputs(await readFile(join(dir, 'output'), 'utf8')) }
  }

  function uploads() {
    return github.requests.filter((request) => request.method === 'POST')
  }

  it('uploads the zip to the release and outputs its sha256 and download URL', async () => {
    const result = await runAction({ 'release-tag': TAG })
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.outputs).toEqual({
      'asset-url': github.downloadUrl(TAG, LAMBDA_ZIP_NAME),
      sha256: sha256Hex(zip)
    })
    const [asset] = github.assets(TAG)
    expect(github.assets(TAG)).toHaveLength(1)
    expect(asset.name).toBe(LAMBDA_ZIP_NAME)
    expect(asset.contentType).toBe('application/zip')
    expect(sha256Hex(asset.body)).toBe(result.outputs.sha256)
    expect(asset.body.equals(zip)).toBe(true)
    expect(uploads()[0].path).toMatch(
      /^\/api\/uploads\/repos\/acme\/timesheets\/releases\/\d+\/assets$/
    )
    expect(result.stdout).toContain(sha256Hex(zip))
  })

  it('replaces an existing asset of the same name on a re-run, leaving other assets alone', async () => {
    const stale = github.addAsset(TAG, LAMBDA_ZIP_NAME, 'an older zip')
    const notes = github.addAsset(TAG, 'notes.txt', 'release notes')
    for (let run = 0; run < 2; run++) {
      const result = await runAction({ 'release-tag': TAG })
      expect(result.code).toBe(0)
      const zips = github.assets(TAG).filter((asset) => asset.name === LAMBDA_ZIP_NAME)
      expect(zips).toHaveLength(1)
      expect(zips[0].body.equals(zip)).toBe(true)
      expect(github.assets(TAG)).toContainEqual(notes)
    }
    const deleted = github.requests
      .filter((request) => request.method === 'DELETE')
      .map((request) => request.path)
    expect(deleted).toHaveLength(2)
    expect(deleted[0]).toBe(`/api/v3/repos/acme/timesheets/releases/assets/${stale.id}`)
    expect(deleted.some((path) => path.endsWith(`/${notes.id}`))).toBe(false)
  })

  it('replaces an asset that appears while uploading (GitHub answers 422)', async () => {
    let raced = false
    github.beforeUpload = () => {
      if (!raced) github.addAsset(TAG, LAMBDA_ZIP_NAME, 'a concurrent run')
      raced = true
    }
    const result = await runAction({ 'release-tag': TAG })
    expect(result.code).toBe(0)
    expect(uploads()).toHaveLength(2)
    expect(github.assets(TAG).map((asset) => asset.body.equals(zip))).toEqual([true])
  })

  it('retries a transient server error of the upload (@octokit/plugin-retry)', async () => {
    github.faults.push({
      match: (request) => request.method === 'POST',
      status: 502,
      message: 'Bad Gateway'
    })
    const result = await runAction({ 'release-tag': TAG })
    expect(result.code).toBe(0)
    expect(uploads()).toHaveLength(2)
    expect(github.assets(TAG)).toHaveLength(1)
  })

  it('publishes to the release that triggered the workflow when release-tag is not set', async () => {
    github.addRelease('v2.0.0')
    const event = join(dir, 'event.json')
    await writeFile(
      event,
      JSON.stringify({ action: 'published', release: { tag_name: 'v2.0.0', id: 1 } })
    )
    const result = await runAction({}, { GITHUB_EVENT_PATH: event, GITHUB_EVENT_NAME: 'release' })
    expect(result.code).toBe(0)
    expect(github.assets('v2.0.0').map((asset) => asset.name)).toEqual([LAMBDA_ZIP_NAME])
    expect(github.assets(TAG)).toEqual([])
  })

  it('fails naming release-tag, before any call, without a tag or a release event', async () => {
    const result = await runAction({})
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('::error::Missing input release-tag')
    expect(github.requests).toEqual([])
  })

  it.each([
    [{ 'github-token': '' }, '::error::Missing github-token: a token that may write releases'],
    [
      { 'lambda-s3-key': 'lambda/harvest.zip' },
      '::error::input lambda-s3-key is set but s3-bucket is not'
    ],
    [
      { 'lambda-s3-key': '/abs.zip', 's3-bucket': s3Bucket() },
      'Invalid input lambda-s3-key "/abs.zip"'
    ]
  ])('validates the publish inputs before any call: %j', async (inputs, message) => {
    const result = await runAction({ 'release-tag': TAG, ...inputs })
    expect(result.code).toBe(1)
    expect(result.stdout).toContain(message)
    expect(github.requests).toEqual([])
  })

  it('explains a 403: the workflow needs contents: write', async () => {
    github.faults.push({
      match: (request) => request.method === 'POST',
      status: 403,
      message: 'Resource not accessible by integration'
    })
    const result = await runAction({ 'release-tag': TAG })
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(
      /::error::Could not upload harvest-s3-export-lambda\.zip to the release v1\.2\.3 of acme\/timesheets: HTTP 403/
    )
    expect(result.stdout).toContain('permissions: contents: write')
  })

  it('explains a release that does not exist, naming release-tag', async () => {
    const result = await runAction({ 'release-tag': 'v9.9.9' })
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('HTTP 404')
    expect(result.stdout).toContain('Check release-tag (v9.9.9)')
    expect(uploads()).toEqual([])
  })

  it('also uploads the zip to s3-bucket at lambda-s3-key and deploys the function from there', async () => {
    const result = await runAction({
      'release-tag': TAG,
      's3-bucket': s3.bucket,
      'lambda-s3-key': 'releases/v1.2.3/lambda.zip',
      'lambda-function-name': 'harvest-export'
    })
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const object = await s3.client.send(
      new GetObjectCommand({ Bucket: s3.bucket, Key: 'releases/v1.2.3/lambda.zip' })
    )
    expect(Buffer.from(await object.Body!.transformToByteArray()).equals(zip)).toBe(true)
    expect(object.ContentType).toBe('application/zip')
    const head = await s3.client.send(
      new HeadObjectCommand({ Bucket: s3.bucket, Key: 'releases/v1.2.3/lambda.zip' })
    )
    expect(head.Metadata?.sha256).toBe(sha256Hex(zip))
    expect(lambda.updates).toHaveLength(1)
    expect(lambda.updates[0].body).toEqual({
      S3Bucket: s3.bucket,
      S3Key: 'releases/v1.2.3/lambda.zip'
    })
    expect(lambda.updates[0].authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=S3RVER\/\d{8}\/us-east-1\/lambda\//
    )
    expect(lambda.polls).toBeGreaterThanOrEqual(1)
    expect(result.outputs.sha256).toBe(sha256Hex(zip))
  })

  it('uploads to an S3-compatible store named by s3-endpoint', async () => {
    const result = await runAction(
      {
        'release-tag': TAG,
        's3-bucket': s3.bucket,
        's3-endpoint': s3.endpoint,
        'lambda-s3-key': 'compat/lambda.zip'
      },
      { AWS_ENDPOINT_URL_S3: '' }
    )
    expect(result.code).toBe(0)
    const object = await s3.client.send(
      new GetObjectCommand({ Bucket: s3.bucket, Key: 'compat/lambda.zip' })
    )
    expect(Buffer.from(await object.Body!.transformToByteArray()).equals(zip)).toBe(true)
  })

  it('deploys the zip bytes themselves without lambda-s3-key, waiting out an update in progress', async () => {
    lambda.conflicts = 1
    const result = await runAction({ 'release-tag': TAG, 'lambda-function-name': 'harvest-export' })
    expect(result.code).toBe(0)
    expect(lambda.updates).toHaveLength(2)
    expect(Buffer.from(lambda.updates[1].body.ZipFile ?? '', 'base64').equals(zip)).toBe(true)
    expect(result.stdout).toContain('ResourceConflictException')
  })

  it('waits for the new code to go live, and fails if Lambda could not apply it', async () => {
    lambda.pollStatuses = [
      { status: 'InProgress' },
      { status: 'Failed', reason: 'Lambda was unable to decrypt the environment variables' }
    ]
    const result = await runAction({ 'release-tag': TAG, 'lambda-function-name': 'harvest-export' })
    expect(result.code).toBe(1)
    expect(lambda.polls).toBe(2)
    expect(result.stdout).toContain(
      '::error::The Lambda function harvest-export could not apply the new code: InternalError: Lambda was unable to decrypt the environment variables.'
    )
  })

  it('names lambda-function-name and the region when the function does not exist', async () => {
    const result = await runAction({
      'release-tag': TAG,
      'lambda-function-name': 'no-such-function',
      'aws-region': 'eu-west-1'
    })
    expect(result.code).toBe(1)
    expect(result.stdout).toContain(
      '::error::Could not update the code of the Lambda function no-such-function: ResourceNotFoundException'
    )
    expect(result.stdout).toContain('Check lambda-function-name and aws-region (eu-west-1)')
  })
})

/** it.each tables are built before beforeAll runs; LocalS3's bucket name is fixed. */
function s3Bucket(): string {
  return new LocalS3().bucket
}
