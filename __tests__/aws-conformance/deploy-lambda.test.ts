import {
  CloudFormationClient,
  DeleteStackCommand,
  DescribeStackResourcesCommand,
  DescribeStacksCommand
} from '@aws-sdk/client-cloudformation'
import { GetRolePolicyCommand, IAMClient, ListRolePoliciesCommand } from '@aws-sdk/client-iam'
import { GetFunctionCommand, GetPolicyCommand, LambdaClient } from '@aws-sdk/client-lambda'
import {
  GetBucketEncryptionCommand,
  GetObjectCommand,
  GetPublicAccessBlockCommand,
  S3Client
} from '@aws-sdk/client-s3'
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm'
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { parameterRecord } from '../../src/deploy/live-parameters.js'
import { deployStack } from '../../src/deploy/stack.js'
import { buildLambdaZip } from '../../src/publish/lambda-zip.js'
import { HarvestSimulator } from '../../sandbox/harvest-simulator.js'
import { deploySamples } from '../support/deploy-samples.js'
import { runCliSource } from './support/cli.js'
import { jsonCall, Moto, operation, policyDocument } from './support/moto.js'

const TOKEN = 'harvest-token-7c1e9f3a2b'
const BUCKET = 'acme-harvest'
const STACK = 'harvest-s3-export'

describe('deploy lambda against moto (S3, SSM, CloudFormation, IAM, Lambda, EventBridge)', () => {
  const moto = new Moto()
  let env: Record<string, string>
  let clients: {
    s3: S3Client
    ssm: SSMClient
    cfn: CloudFormationClient
    iam: IAMClient
    lambda: LambdaClient
  }
  let zip: Buffer
  // The token check's Harvest: one accepting TOKEN, one the rotated token (a rotation revokes the old one).
  const harvest = new HarvestSimulator({ accountId: '123456', token: TOKEN, entries: 20 })
  const rotated = new HarvestSimulator({
    accountId: '123456',
    token: `${TOKEN}-rotated`,
    entries: 20
  })

  beforeAll(async () => {
    await moto.start()
    await harvest.start()
    await rotated.start()
    env = { ...moto.env(), HARVEST_ACCESS_TOKEN: TOKEN, HARVEST_ACCOUNT_ID: '123456' }
    const config = moto.clientConfig()
    clients = {
      s3: new S3Client({ ...config, forcePathStyle: true }),
      ssm: new SSMClient(config),
      cfn: new CloudFormationClient(config),
      iam: new IAMClient(config),
      lambda: new LambdaClient(config)
    }
    // The zip the package ships: the reproducible one `npm run package:lambda` builds.
    zip = await buildLambdaZip(resolve('dist/lambda'))
  })

  afterAll(async () => {
    for (const client of Object.values(clients ?? {})) client.destroy()
    await moto.stop()
    await harvest.stop()
    await rotated.stop()
  })

  const deploy = (args: string[], extra: Record<string, string> = {}, url = harvest.url) =>
    runCliSource(['deploy', 'lambda', '--bucket', BUCKET, '--harvest-url', url, ...args], {
      ...env,
      ...extra
    })

  /** The AWS calls among `requests` that change something (the query APIs' reads named here). */
  const writes = (requests: Parameters<typeof operation>[0][]) =>
    requests
      .map(operation)
      .filter(
        (op) =>
          !/^(GetCallerIdentity|DescribeStacks|DescribeStackResources|AmazonSSM\.GetParameter|(GET|HEAD) \/.*)$/.test(
            op
          )
      )

  const sha256 = (body: Buffer) => createHash('sha256').update(body).digest()

  function expectNoToken(result: { stdout: string; stderr: string }): void {
    expect(result.stdout).not.toContain(TOKEN)
    expect(result.stderr).not.toContain(TOKEN)
  }

  it('prints the plan on --dry-run for a new stack after checking the token, and writes nothing', async () => {
    const requests = await moto.record(async () => {
      const result = await deploy(['--create-bucket', '--dry-run'])
      expect(result.stderr).toBe('')
      expect(result.code).toBe(0)
      expect(result.stdout).toContain(
        'Harvest: the token given reads account 123456 (20 time entries)'
      )
      expect(result.stdout).toContain('Dry run: nothing is created or changed')
      expect(result.stdout).toContain(`1. Create the bucket ${BUCKET} if it does not exist`)
      expect(result.stdout).toContain(
        '2. Store the Harvest token from HARVEST_ACCESS_TOKEN as the SSM SecureString /harvest-s3-export/access-token'
      )
      expect(result.stdout).toContain(`harvest-s3-export/lambda/${sha256(zip).toString('hex')}.zip`)
      expect(result.stdout).toContain(
        '4. Create the CloudFormation stack harvest-s3-export (new stack)'
      )
      expect(result.stdout).toContain('    schedule: cron(0 2 * * ? *) (new stack)')
      expect(result.stdout).toContain('    account-id: 123456 (new stack)')
      expect(result.stdout).toContain('No alarm: a failed run shows only in CloudWatch')
      expectNoToken(result)
    })
    // Reads only: the credentials' account and the live stack.
    expect(requests.map(operation).sort()).toEqual(['DescribeStacks', 'GetCallerIdentity'])
  })

  it('stops before any AWS write when Harvest refuses the token or the account id, dry run or not', async () => {
    let bad!: Awaited<ReturnType<typeof deploy>>
    let account!: Awaited<ReturnType<typeof deploy>>
    let dry!: Awaited<ReturnType<typeof deploy>>
    const requests = await moto.record(async () => {
      bad = await deploy(['--create-bucket', '--stack-name', 'bad-token'], {
        HARVEST_ACCESS_TOKEN: 'made-up-token-31337'
      })
      account = await deploy(['--create-bucket', '--stack-name', 'bad-token'], {
        HARVEST_ACCOUNT_ID: '999999'
      })
      dry = await deploy(['--dry-run', '--stack-name', 'bad-token'], {
        HARVEST_ACCESS_TOKEN: 'made-up-token-31337'
      })
    })
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain(
      'harvest-s3-export deploy: Checking the Harvest token and account id before deploying failed: ' +
        'Harvest rejected the access token (401 Unauthorized): check HARVEST_ACCESS_TOKEN and --account-id'
    )
    expect(bad.stderr).toContain('Nothing was created or changed.')
    expect(`${bad.stdout}${bad.stderr}`).not.toContain('made-up-token-31337')
    expect(account.code).toBe(1)
    expect(account.stderr).toContain('Harvest answered 404 Not Found')
    expect(account.stderr).toContain('check --harvest-url')
    expect(dry.code).toBe(1)
    expect(dry.stderr).toContain('Harvest rejected the access token (401 Unauthorized)')
    expect(dry.stdout).not.toContain('Dry run')
    expect(writes(requests)).toEqual([])
    await expect(
      clients.cfn.send(new DescribeStackResourcesCommand({ StackName: 'bad-token' }))
    ).rejects.toThrow(/does not exist/)
  })

  it('refuses a missing bucket without --create-bucket, naming the bucket and the flag', async () => {
    const result = await deploy([])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(`The bucket ${BUCKET} (--bucket) does not exist`)
    expect(result.stderr).toContain('--create-bucket')
  })

  it('sets everything up from nothing: bucket, token parameter, zip, stack with function, schedule, permission and role', async () => {
    const result = await deploy([
      '--create-bucket',
      '--timezone',
      'Europe/Berlin',
      '--days-back',
      '30'
    ])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expectNoToken(result)
    expect(result.stdout).toContain(`Bucket ${BUCKET}: created`)
    expect(result.stdout).toContain('Token parameter /harvest-s3-export/access-token: created')
    expect(result.stdout).toMatch(/Stack harvest-s3-export: created/)
    expect(result.stdout).toMatch(
      /Schedule: +cron\(0 2 \* \* \? \*\) .*next run \d{4}-\d\d-\d\d 02:00 UTC/
    )
    expect(result.stdout).toContain('Log group: /aws/lambda/harvest-s3-export')
    expect(result.stdout).toContain(
      'aws lambda invoke --region eu-central-1 --function-name harvest-s3-export'
    )
    expect(result.stdout).toContain(
      'aws logs tail /aws/lambda/harvest-s3-export --follow --region eu-central-1'
    )
    expect(result.stdout).toContain(
      'harvest-s3-export --account-id 123456 --bucket acme-harvest --prefix harvest/ --region eu-central-1 --from YYYY-MM-DD --to YYYY-MM-DD'
    )
    expect(result.stdout).toContain('No alarm: a failed run shows only in CloudWatch')

    // The bucket: private and encrypted.
    const block = await clients.s3.send(new GetPublicAccessBlockCommand({ Bucket: BUCKET }))
    expect(block.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true
    })
    const encryption = await clients.s3.send(new GetBucketEncryptionCommand({ Bucket: BUCKET }))
    expect(
      encryption.ServerSideEncryptionConfiguration?.Rules?.[0].ApplyServerSideEncryptionByDefault
    ).toEqual({
      SSEAlgorithm: 'AES256'
    })

    // The token: a SecureString.
    const parameter = await clients.ssm.send(
      new GetParameterCommand({ Name: '/harvest-s3-export/access-token', WithDecryption: true })
    )
    expect(parameter.Parameter).toMatchObject({ Type: 'SecureString', Value: TOKEN })

    // The zip: the package's bytes under their SHA-256.
    const key = `harvest-s3-export/lambda/${sha256(zip).toString('hex')}.zip`
    const stored = await clients.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))
    expect(Buffer.from(await stored.Body!.transformToByteArray()).equals(zip)).toBe(true)

    // The function.
    const fn = await clients.lambda.send(
      new GetFunctionCommand({ FunctionName: 'harvest-s3-export' })
    )
    expect(fn.Configuration).toMatchObject({
      Runtime: 'nodejs24.x',
      Handler: 'index.handler',
      MemorySize: 512,
      Timeout: 300,
      CodeSha256: sha256(zip).toString('base64')
    })
    expect(
      Object.fromEntries(
        Object.entries(fn.Configuration?.Environment?.Variables ?? {}).map(([k, v]) => [
          k,
          String(v)
        ])
      )
    ).toEqual({
      HARVEST_ACCOUNT_ID: '123456',
      HARVEST_ACCESS_TOKEN_PARAMETER: '/harvest-s3-export/access-token',
      S3_BUCKET_NAME: BUCKET,
      S3_PREFIX: 'harvest/',
      DAYS_BACK: '30',
      TIMEZONE: 'Europe/Berlin',
      FORMAT: 'json',
      LAYOUT: 'flat',
      LATEST_KEY: '',
      CHANGES: 'false',
      LATE_EDITS: 'sync',
      ON_CLOSED_CHANGE: 'warn',
      TABLES: 'none',
      RESOURCES: 'time_entries'
    })
    expect(fn.Configuration?.Environment?.Variables).not.toHaveProperty('HARVEST_ACCESS_TOKEN')

    // The schedule and its permission to invoke the function.
    const resources = await clients.cfn.send(
      new DescribeStackResourcesCommand({ StackName: STACK })
    )
    const physical = (logical: string) =>
      resources.StackResources?.find((r) => r.LogicalResourceId === logical)?.PhysicalResourceId ??
      ''
    const rule = await jsonCall(moto.endpoint, 'AWSEvents.DescribeRule', {
      Name: physical('Schedule')
    })
    expect(rule).toMatchObject({ ScheduleExpression: 'cron(0 2 * * ? *)', State: 'ENABLED' })
    const targets = await jsonCall(moto.endpoint, 'AWSEvents.ListTargetsByRule', {
      Rule: physical('Schedule')
    })
    expect(targets.Targets).toEqual([
      expect.objectContaining({ Arn: fn.Configuration?.FunctionArn, Input: '{}' })
    ])
    const policy = JSON.parse(
      (await clients.lambda.send(new GetPolicyCommand({ FunctionName: 'harvest-s3-export' })))
        .Policy ?? '{}'
    ) as { Statement: Array<Record<string, unknown>> }
    expect(policy.Statement).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Action: 'lambda:InvokeFunction',
        Principal: { Service: 'events.amazonaws.com' },
        Condition: { ArnLike: { 'AWS:SourceArn': rule.Arn } }
      })
    ])

    // The role: only the export's objects, the one parameter and its own logs.
    const roleName = physical('Role')
    expect(fn.Configuration?.Role).toBe(`arn:aws:iam::123456789012:role/${roleName}`)
    const names = await clients.iam.send(new ListRolePoliciesCommand({ RoleName: roleName }))
    expect(names.PolicyNames).toEqual(['harvest-s3-export'])
    const document = policyDocument(
      (
        await clients.iam.send(
          new GetRolePolicyCommand({ RoleName: roleName, PolicyName: 'harvest-s3-export' })
        )
      ).PolicyDocument
    )
    expect(
      Object.fromEntries(document.Statement.map((s) => [s.Sid, [s.Action, s.Resource]]))
    ).toEqual({
      ReadWriteDayFiles: [['s3:GetObject', 's3:PutObject'], `arn:aws:s3:::${BUCKET}/harvest/*`],
      ListDayFiles: ['s3:ListBucket', `arn:aws:s3:::${BUCKET}`],
      ReadHarvestToken: [
        'ssm:GetParameter',
        'arn:aws:ssm:eu-central-1:123456789012:parameter/harvest-s3-export/access-token'
      ],
      WriteOwnLogs: [
        ['logs:CreateLogStream', 'logs:PutLogEvents'],
        expect.stringMatching(
          /^arn:aws:logs:eu-central-1:123456789012:log-group:\/aws\/lambda\/harvest-s3-export/
        )
      ]
    })
  })

  it('changes nothing on an unchanged rerun: no write to S3 or SSM, no change set executed', async () => {
    let result!: Awaited<ReturnType<typeof deploy>>
    const requests = await moto.record(async () => {
      result = await deploy(['--create-bucket', '--timezone', 'Europe/Berlin', '--days-back', '30'])
    })
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(`Bucket ${BUCKET}: exists`)
    expect(result.stdout).toContain('Token parameter /harvest-s3-export/access-token: unchanged')
    expect(result.stdout).toContain(': already there')
    expect(result.stdout).toContain('Stack harvest-s3-export: no changes')
    const operations = requests.map(operation)
    expect(operations).toContain('CreateChangeSet')
    for (const write of ['ExecuteChangeSet', 'AmazonSSM.PutParameter', 'UpdateStack'])
      expect(operations).not.toContain(write)
    expect(operations.filter((op) => /^(PUT|POST|DELETE) \//.test(op))).toEqual([])
  })

  it('lists each setting against the live stack on --dry-run, and writes nothing', async () => {
    let result!: Awaited<ReturnType<typeof deploy>>
    const requests = await moto.record(async () => {
      result = await deploy(['--dry-run', '--days-back', '7', '--schedule', 'rate(6 hours)'])
    })
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(
      '4. Update the CloudFormation stack harvest-s3-export from deploy/lambda.yml, its settings against the live stack:'
    )
    for (const line of [
      'days-back: 30 -> 7',
      'schedule: cron(0 2 * * ? *) -> rate(6 hours)',
      'timezone: Europe/Berlin (unchanged)',
      'layout: flat (unchanged)',
      'format: json (unchanged)',
      'prefix: harvest/ (unchanged)'
    ])
      expect(result.stdout).toContain(`    ${line}\n`)
    expect(writes(requests)).toEqual([])
  })

  it('updates in place when a setting changes, and stores a rotated token', async () => {
    const result = await deploy(
      ['--days-back', '7'],
      { HARVEST_ACCESS_TOKEN: `${TOKEN}-rotated` },
      rotated.url
    )
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('Token parameter /harvest-s3-export/access-token: updated')
    expect(result.stdout).toMatch(/Stack harvest-s3-export: updated/)
    expect(result.stdout).not.toContain(`${TOKEN}-rotated`)
    const fn = await clients.lambda.send(
      new GetFunctionCommand({ FunctionName: 'harvest-s3-export' })
    )
    expect(String(fn.Configuration?.Environment?.Variables?.DAYS_BACK)).toBe('7')
    // Not given on this rerun: kept as deployed, not back to its default (UTC).
    expect(String(fn.Configuration?.Environment?.Variables?.TIMEZONE)).toBe('Europe/Berlin')
    const parameter = await clients.ssm.send(
      new GetParameterCommand({ Name: '/harvest-s3-export/access-token', WithDecryption: true })
    )
    expect(parameter.Parameter?.Value).toBe(`${TOKEN}-rotated`)
  })

  it('keeps the stored token when none is given and there is no terminal to ask on', async () => {
    const result = await deploy(['--days-back', '7'], { HARVEST_ACCESS_TOKEN: '' }, rotated.url)
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('Harvest: the stored token reads account 123456')
    expect(result.stdout).toContain('Token parameter /harvest-s3-export/access-token: kept')
    // moto, unlike CloudFormation, reports no empty change set after an executed update, so the
    // stack line is not checked here (the unchanged rerun after the creation checks it).
    const parameter = await clients.ssm.send(
      new GetParameterCommand({ Name: '/harvest-s3-export/access-token', WithDecryption: true })
    )
    expect(parameter.Parameter?.Value).toBe(`${TOKEN}-rotated`)
  })

  it('keeps layout, format, days-back and timezone on a rerun with only --schedule', async () => {
    const first = await deploy(['--layout', 'hive', '--format', 'ndjson'])
    expect({ code: first.code, stderr: first.stderr }).toEqual({ code: 0, stderr: '' })
    const result = await deploy(['--schedule', 'rate(6 hours)'])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/Schedule: +rate\(6 hours\)/)
    expect(result.stdout).toContain(
      'harvest-s3-export --account-id 123456 --bucket acme-harvest --prefix harvest/ --region eu-central-1 --layout hive --format ndjson --from YYYY-MM-DD --to YYYY-MM-DD'
    )
    const fn = await clients.lambda.send(
      new GetFunctionCommand({ FunctionName: 'harvest-s3-export' })
    )
    const variables = fn.Configuration?.Environment?.Variables ?? {}
    expect({
      LAYOUT: String(variables.LAYOUT),
      FORMAT: String(variables.FORMAT),
      DAYS_BACK: String(variables.DAYS_BACK),
      TIMEZONE: String(variables.TIMEZONE)
    }).toEqual({ LAYOUT: 'hive', FORMAT: 'ndjson', DAYS_BACK: '7', TIMEZONE: 'Europe/Berlin' })
    const resources = await clients.cfn.send(
      new DescribeStackResourcesCommand({ StackName: STACK })
    )
    const rule = await jsonCall(moto.endpoint, 'AWSEvents.DescribeRule', {
      Name: resources.StackResources?.find((r) => r.LogicalResourceId === 'Schedule')
        ?.PhysicalResourceId
    })
    expect(rule).toMatchObject({ ScheduleExpression: 'rate(6 hours)' })
  })

  it('keeps the deployed account id on a rerun that gives none, and asks for it on a first deploy', async () => {
    const noAccount = { HARVEST_ACCOUNT_ID: '' }
    const dry = await deploy(['--dry-run'], noAccount)
    expect({ code: dry.code, stderr: dry.stderr }).toEqual({ code: 0, stderr: '' })
    expect(dry.stdout).toContain('Harvest: the token given reads account 123456')
    expect(dry.stdout).toContain('    account-id: 123456 (unchanged)')
    const rerun = await deploy(['--schedule', 'rate(6 hours)'], noAccount)
    expect({ code: rerun.code, stderr: rerun.stderr }).toEqual({ code: 0, stderr: '' })
    expect(rerun.stdout).toContain('harvest-s3-export --account-id 123456 --bucket acme-harvest')
    const fn = await clients.lambda.send(
      new GetFunctionCommand({ FunctionName: 'harvest-s3-export' })
    )
    expect(fn.Configuration?.Environment?.Variables?.HARVEST_ACCOUNT_ID).toBe('123456')

    let first!: Awaited<ReturnType<typeof deploy>>
    const requests = await moto.record(async () => {
      first = await deploy(['--stack-name', 'no-account'], noAccount)
    })
    expect(first.code).toBe(2)
    expect(first.stderr).toContain(
      'deploy lambda: --account-id is required: the Harvest account id (digits only, e.g. 123456), or HARVEST_ACCOUNT_ID'
    )
    expect(writes(requests)).toEqual([])
  })

  it('keeps the template parameters it has no flag for, set on the stack by hand, on a rerun', async () => {
    const stack = await clients.cfn.send(new DescribeStacksCommand({ StackName: STACK }))
    const set = {
      AlarmTopicArn: 'arn:aws:sns:eu-central-1:123456789012:ops-alarms',
      HarvestTokenKmsKeyArn:
        'arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'
    }
    // Another tool (the console, the AWS CLI) sets what deploy has no flag for.
    await deployStack(clients.cfn, {
      stackName: STACK,
      templateBody: await readFile(resolve('deploy/lambda.yml'), 'utf8'),
      parameters: { ...parameterRecord(stack.Stacks?.[0].Parameters), ...set },
      capabilities: ['CAPABILITY_IAM'],
      pollMs: 100
    })
    const rerun = await deploy(['--schedule', 'rate(12 hours)'])
    expect({ code: rerun.code, stderr: rerun.stderr }).toEqual({ code: 0, stderr: '' })
    const after = await clients.cfn.send(new DescribeStacksCommand({ StackName: STACK }))
    expect(parameterRecord(after.Stacks?.[0].Parameters)).toMatchObject({
      ...set,
      ScheduleExpression: 'rate(12 hours)'
    })
  })

  it('checks a rerun together with the settings it keeps, before any write', async () => {
    const tables = await deploy(['--tables', 'parquet'])
    expect({ code: tables.code, stderr: tables.stderr }).toEqual({ code: 0, stderr: '' })
    let snapshot!: Awaited<ReturnType<typeof deploy>>
    const requests = await moto.record(async () => {
      snapshot = await deploy(['--layout', 'snapshot'])
    })
    expect(snapshot.code).toBe(2)
    expect(snapshot.stderr).toContain(
      '--tables parquet needs day files: it works with --layout flat or hive, not snapshot (with the settings this rerun keeps from the live stack).'
    )
    expect(writes(requests)).toEqual([])
  })

  it('deploys again after the stack was deleted (no log group left in the way)', async () => {
    await clients.cfn.send(new DeleteStackCommand({ StackName: STACK }))
    const groups = await jsonCall(moto.endpoint, 'Logs_20140328.DescribeLogGroups', {
      logGroupNamePrefix: '/aws/lambda/harvest-s3-export'
    })
    expect(groups.logGroups).toEqual([])
    const result = await deploy(['--days-back', '7'])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/Stack harvest-s3-export: created/)
    const fn = await clients.lambda.send(
      new GetFunctionCommand({ FunctionName: 'harvest-s3-export' })
    )
    expect(fn.Configuration?.State).toBe('Active')
  })

  it('creates an SSE-KMS bucket with --kms-key and lets the role use that key through S3 only', async () => {
    const key = 'arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'
    const result = await runCliSource(
      [
        'deploy',
        'lambda',
        '--bucket',
        'acme-kms',
        '--create-bucket',
        '--kms-key',
        key,
        '--stack-name',
        'kms-export',
        '--harvest-url',
        harvest.url
      ],
      env
    )
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('Token parameter /kms-export/access-token: created')
    const encryption = await clients.s3.send(new GetBucketEncryptionCommand({ Bucket: 'acme-kms' }))
    expect(encryption.ServerSideEncryptionConfiguration?.Rules?.[0]).toMatchObject({
      ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: key },
      BucketKeyEnabled: true
    })
    const resources = await clients.cfn.send(
      new DescribeStackResourcesCommand({ StackName: 'kms-export' })
    )
    const roleName = resources.StackResources?.find(
      (r) => r.LogicalResourceId === 'Role'
    )?.PhysicalResourceId
    const document = policyDocument(
      (
        await clients.iam.send(
          new GetRolePolicyCommand({ RoleName: roleName, PolicyName: 'harvest-s3-export' })
        )
      ).PolicyDocument
    )
    expect(document.Statement.find((s) => s.Sid === 'UseExportBucketKey')).toEqual({
      Sid: 'UseExportBucketKey',
      Effect: 'Allow',
      Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
      Resource: key,
      Condition: { StringEquals: { 'kms:ViaService': 's3.eu-central-1.amazonaws.com' } }
    })
  })

  it("sets every export setting lambda.yml takes from its flag: the dry run lists it, the function's environment holds it", async () => {
    // The token check reads the simulator's account, so the account id flag gives that one.
    const samples = deploySamples().map((sample) =>
      sample.setting.env === 'HARVEST_ACCOUNT_ID'
        ? { ...sample, argv: [sample.argv[0], '123456'], value: '123456' }
        : sample
    )
    const argv = [
      ...['deploy', 'lambda', '--stack-name', 'every-setting', '--create-bucket'],
      ...['--harvest-url', harvest.url, ...samples.flatMap((sample) => sample.argv)]
    ]
    const dry = await runCliSource([...argv, '--dry-run'], env)
    expect(dry.stderr).toBe('')
    expect(dry.code).toBe(0)
    for (const { setting, value } of samples)
      expect(dry.stdout).toContain(`    ${setting.flag?.slice(2)}: ${value} (new stack)\n`)

    const result = await runCliSource(argv, env)
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const fn = await clients.lambda.send(new GetFunctionCommand({ FunctionName: 'every-setting' }))
    const variables = fn.Configuration?.Environment?.Variables ?? {}
    expect(
      samples.map(({ setting }) => [setting.env, String(variables[setting.env ?? ''])])
    ).toEqual(samples.map(({ setting, value }) => [setting.env, value]))
  })

  it('fails with the flag named on a bad value, before calling AWS', async () => {
    const requests = await moto.record(async () => {
      const result = await deploy(['--schedule', 'daily', '--format', 'csv'])
      expect(result.code).toBe(2)
      expect(result.stderr).toContain('--schedule "daily" is not valid')
      expect(result.stderr).toContain('--format "csv" is not valid: use json or ndjson')
    })
    expect(requests).toEqual([])
  })

  it('says plainly when there are no AWS credentials', async () => {
    const result = await deploy([], {
      AWS_ACCESS_KEY_ID: '',
      AWS_SECRET_ACCESS_KEY: '',
      AWS_CONFIG_FILE: '/nonexistent/config',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials'
    })
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(
      // The account comes first: every S3 call names it as the bucket owner.
      'Reading the AWS account of these credentials failed: no AWS credentials found'
    )
  })
})
