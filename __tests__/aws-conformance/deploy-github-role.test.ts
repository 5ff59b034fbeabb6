import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation'
import {
  CreateOpenIDConnectProviderCommand,
  DeleteOpenIDConnectProviderCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient
} from '@aws-sdk/client-iam'
import { S3Client } from '@aws-sdk/client-s3'
import { readFile, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { parse } from 'yaml'
import { deployStack } from '../../src/deploy/stack.js'
import { addDays } from '../../src/util/calendar.js'
import { HarvestSimulator } from '../../sandbox/harvest-simulator.js'
import { expectedDayFiles, removeDir, tempDir } from '../support/harness.js'
import { runAction } from '../support/processes.js'
import { OidcTokenServer } from '../support/oidc-token-server.js'
import { runCliSource } from './support/cli.js'
import { Moto, operation, policyDocument, requestBody, s3Snapshot } from './support/moto.js'

const BUCKET = 'acme-timesheets'
const PROVIDER = 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com'
/** The role the action assumes: acme/timesheets on the branch main, exporting to BUCKET. */
const TIMESHEETS_ON_MAIN = ['--repo', 'acme/timesheets', '--bucket', BUCKET, '--branch', 'main']
/** A second stack whose role this account has no OIDC provider for yet. */
const OWN_PROVIDER = [
  '--repo',
  'acme/other',
  '--bucket',
  BUCKET,
  '--stack-name',
  'own-provider',
  '--role-name',
  'own-provider',
  '--workflow',
  'own.yml'
]
/** The account's GitHub OIDC provider, accepting `audiences`. */
const githubProvider = (audiences: string[]) =>
  new CreateOpenIDConnectProviderCommand({
    Url: 'https://token.actions.githubusercontent.com',
    ClientIDList: audiences,
    ThumbprintList: ['6938fd4d98bab03faadb97b34396831e3780aea1']
  })

describe('deploy github-role against moto, then the bundled action assuming the role through moto STS', () => {
  const moto = new Moto()
  const oidc = new OidcTokenServer()
  const harvest = new HarvestSimulator({
    entries: 200,
    from: addDays(today(), -40),
    to: today(),
    seed: 3
  })
  let dir: string
  let iam: IAMClient
  let cfn: CloudFormationClient
  let s3: S3Client

  function today(): string {
    return new Date().toISOString().slice(0, 10)
  }

  beforeAll(async () => {
    await moto.start()
    await oidc.start()
    await harvest.start()
    dir = await tempDir()
    const config = moto.clientConfig()
    iam = new IAMClient(config)
    cfn = new CloudFormationClient(config)
    s3 = new S3Client({ ...config, forcePathStyle: true })
  })

  afterAll(async () => {
    for (const client of [iam, cfn, s3]) client?.destroy()
    await harvest.stop()
    await oidc.stop()
    await moto.stop()
    await removeDir(dir)
  })

  const deploy = (args: string[], cwd = dir) =>
    runCliSource(['deploy', 'github-role', ...args], moto.env(), cwd)

  const stackParameters = async (name: string) =>
    Object.fromEntries(
      (
        (await cfn.send(new DescribeStacksCommand({ StackName: name }))).Stacks?.[0].Parameters ??
        []
      ).map((p) => [String(p.ParameterKey), p.ParameterValue])
    )

  it('names --repo and the exclusive --branch/--environment on bad flags', async () => {
    const result = await deploy(['--bucket', BUCKET, '--branch', 'main', '--environment', 'prod'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('--repo is required')
    expect(result.stderr).toContain('--branch and --environment exclude each other')
  })

  it('without a GitHub OIDC provider in the account, lets the stack create it (and keeps it on reruns)', async () => {
    const first = await deploy([...OWN_PROVIDER, '--create-bucket'])
    expect(first.stderr).toBe('')
    expect(first.code).toBe(0)
    expect(first.stdout).toContain('GitHub OIDC provider: none yet, the stack creates it')
    expect(await stackParameters('own-provider')).toMatchObject({
      CreateOidcProvider: 'true',
      ExistingOidcProviderArn: ''
    })
    // moto does not create AWS::IAM::OIDCProvider resources; on AWS the provider now exists and
    // belongs to the stack, which must keep it rather than switch to "existing" and delete it.
    await iam.send(githubProvider(['sts.amazonaws.com']))
    const again = await deploy(OWN_PROVIDER)
    expect(again.code).toBe(0)
    expect(again.stdout).toContain('GitHub OIDC provider: kept in the stack')
    expect(await stackParameters('own-provider')).toMatchObject({ CreateOidcProvider: 'true' })
  })

  it('uses the existing provider, trusts only the repository and branch, grants the export prefix, and writes the workflow', async () => {
    const result = await deploy([...TIMESHEETS_ON_MAIN, '--region', 'eu-central-1'])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(`GitHub OIDC provider: ${PROVIDER} (existing)`)
    expect(result.stdout).not.toContain('warning:')
    const roleArn = 'arn:aws:iam::123456789012:role/harvest-s3-export-github'
    expect(result.stdout).toContain(`Role ARN (role-to-assume): ${roleArn}`)
    expect(await stackParameters('harvest-s3-export-github')).toMatchObject({
      CreateOidcProvider: 'false',
      ExistingOidcProviderArn: PROVIDER
    })

    const role = await iam.send(new GetRoleCommand({ RoleName: 'harvest-s3-export-github' }))
    expect(policyDocument(role.Role?.AssumeRolePolicyDocument).Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { Federated: PROVIDER },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
          StringLike: {
            'token.actions.githubusercontent.com:sub': 'repo:acme/timesheets:ref:refs/heads/main'
          }
        }
      }
    ])
    const policy = policyDocument(
      (
        await iam.send(
          new GetRolePolicyCommand({
            RoleName: 'harvest-s3-export-github',
            PolicyName: 'harvest-s3-export'
          })
        )
      ).PolicyDocument
    )
    expect(policy.Statement.map((s) => [s.Action, s.Resource])).toEqual([
      [['s3:GetObject', 's3:PutObject'], `arn:aws:s3:::${BUCKET}/harvest/*`],
      ['s3:ListBucket', `arn:aws:s3:::${BUCKET}`]
    ])

    const path = join(dir, '.github/workflows/harvest-export.yml')
    expect(result.stdout).toContain(`Workflow written: ${path}`)
    const workflow = parse(await readFile(path, 'utf8')) as {
      permissions: Record<string, string>
      jobs: { export: { steps: Array<{ uses?: string; with?: Record<string, string> }> } }
    }
    expect(workflow.permissions).toEqual({ contents: 'read', 'id-token': 'write' })
    expect(workflow.jobs.export.steps[0].uses).toMatch(/^[\w.-]+\/[\w.-]+@v1$/)
    expect(workflow.jobs.export.steps[0].with).toMatchObject({
      'harvest-account-id': '${{ vars.HARVEST_ACCOUNT_ID }}',
      'harvest-access-token': '${{ secrets.HARVEST_ACCESS_TOKEN }}',
      's3-bucket': BUCKET,
      's3-prefix': 'harvest/',
      'aws-region': 'eu-central-1',
      'role-to-assume': roleArn
    })
  })

  it('leaves an existing workflow file alone and changes nothing on a rerun', async () => {
    const path = join(dir, '.github/workflows/harvest-export.yml')
    await writeFile(path, '# mine\n')
    const result = await deploy(TIMESHEETS_ON_MAIN)
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('Stack harvest-s3-export-github: no changes')
    expect(result.stdout).toContain('exists: left as it is')
    expect(await readFile(path, 'utf8')).toBe('# mine\n')
  })

  it('keeps a MaxSessionDuration set on the stack by hand on a rerun (deploy has no flag for it)', async () => {
    await deployStack(cfn, {
      stackName: 'harvest-s3-export-github',
      templateBody: await readFile(resolve('deploy/github-oidc-role.yml'), 'utf8'),
      parameters: {
        ...(await stackParameters('harvest-s3-export-github')),
        MaxSessionDuration: '43200'
      },
      capabilities: ['CAPABILITY_NAMED_IAM'],
      pollMs: 100
    })
    let result!: Awaited<ReturnType<typeof deploy>>
    const requests = await moto.record(async () => {
      result = await deploy([...TIMESHEETS_ON_MAIN, '--region', 'eu-central-1'])
    })
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' })
    // CloudFormation resets a parameter an update leaves out to its default: it must be sent.
    const [changeSet] = requests.filter((request) => operation(request) === 'CreateChangeSet')
    const sent = new URLSearchParams(requestBody(changeSet))
    const values: Record<string, string | null> = Object.fromEntries(
      [...sent.keys()]
        .filter((key) => key.endsWith('.ParameterKey'))
        .map((key) => [String(sent.get(key)), sent.get(key.replace(/Key$/, 'Value'))])
    )
    expect(values).toMatchObject({ MaxSessionDuration: '43200', Subject: 'ref:refs/heads/main' })
    expect(await stackParameters('harvest-s3-export-github')).toMatchObject({
      MaxSessionDuration: '43200'
    })
  })

  it('warns when the existing provider does not accept the audience sts.amazonaws.com', async () => {
    await iam.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: PROVIDER }))
    await iam.send(githubProvider(['https://github.com/acme']))
    try {
      const result = await deploy(TIMESHEETS_ON_MAIN)
      expect(result.code).toBe(0)
      expect(result.stdout).toContain(
        `warning: the provider's audiences (https://github.com/acme) lack sts.amazonaws.com, so role assumption will fail. Add it: ` +
          `aws iam add-client-id-to-open-id-connect-provider --open-id-connect-provider-arn ${PROVIDER} --client-id sts.amazonaws.com`
      )
    } finally {
      await iam.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: PROVIDER }))
      await iam.send(githubProvider(['sts.amazonaws.com']))
    }
  })

  it('lets the bundled action assume the role with its OIDC token through moto STS and export byte-exact; a rerun writes and reads nothing', async () => {
    const exportWithRole = () =>
      runAction(
        dir,
        {
          'harvest-account-id': harvest.accountId,
          'harvest-access-token': harvest.token,
          'harvest-url': harvest.url,
          's3-bucket': BUCKET,
          's3-prefix': 'harvest/',
          's3-endpoint': moto.endpoint,
          'days-back': '30',
          'role-to-assume': 'arn:aws:iam::123456789012:role/harvest-s3-export-github'
        },
        {
          // No AWS keys: the only credentials are the ones STS returns for the role.
          AWS_ENDPOINT_URL: moto.endpoint,
          AWS_REGION: 'eu-central-1',
          AWS_EC2_METADATA_DISABLED: 'true',
          AWS_CONFIG_FILE: join(dir, 'no-aws-config'),
          AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-aws-credentials'),
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
          ...oidc.env(),
          GITHUB_REPOSITORY: 'acme/timesheets',
          RUNNER_TEMP: dir
        }
      )
    let first!: Awaited<ReturnType<typeof exportWithRole>>
    const requests = await moto.record(async () => (first = await exportWithRole()))
    expect(first.stderr).toBe('')
    expect(first.code).toBe(0)
    expect(first.stdout).toMatch(
      /Assumed arn:aws:iam::123456789012:role\/harvest-s3-export-github as arn:aws:sts::123456789012:assumed-role\/harvest-s3-export-github\//
    )
    const assume = requests.filter((r) => operation(r) === 'AssumeRoleWithWebIdentity')
    expect(assume).toHaveLength(1)
    const params = new URLSearchParams(requestBody(assume[0]))
    expect(params.get('RoleArn')).toBe('arn:aws:iam::123456789012:role/harvest-s3-export-github')
    expect(params.get('WebIdentityToken')).toBe(oidc.issued[0])
    const expected = expectedDayFiles(harvest.entries, addDays(today(), -30), today())
    expect(await s3Snapshot(s3, BUCKET, 'harvest/')).toEqual(expected)
    expect(first.outputs['days-written']).toBe(String(expected.size))

    let second!: Awaited<ReturnType<typeof exportWithRole>>
    const rerun = await moto.record(async () => (second = await exportWithRole()))
    expect(second.code).toBe(0)
    expect(second.outputs['days-written']).toBe('0')
    // S3 calls name the bucket in the path (path-style); a key after it means an object request.
    const s3Calls = rerun.filter((r) => new URL(r.url).pathname.startsWith(`/${BUCKET}`))
    const objectKey = (r: { url: string }) => new URL(r.url).pathname.slice(`/${BUCKET}/`.length)
    expect(s3Calls.filter((r) => r.method === 'PUT')).toEqual([])
    // The one object an unchanged rerun reads is the late-edits state, never a day file.
    expect(s3Calls.filter((r) => r.method === 'GET' && objectKey(r) !== '').map(objectKey)).toEqual(
      ['harvest/.harvest-s3-export/state.json']
    )
    expect(s3Calls.length).toBeGreaterThan(0)
  })
})
