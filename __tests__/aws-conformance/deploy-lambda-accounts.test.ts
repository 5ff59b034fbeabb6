// Several Harvest accounts (README, Several Harvest accounts): one `deploy lambda` stack per
// account, side by side in one region and one bucket, each with its own --stack-name and
// --prefix. Nothing the two stacks create may share a name: the second deploy must neither
// fail on a name the first one took nor take over anything of the first.
import {
  CloudFormationClient,
  DescribeStackResourcesCommand,
  DescribeStacksCommand
} from '@aws-sdk/client-cloudformation'
import { GetRolePolicyCommand, IAMClient } from '@aws-sdk/client-iam'
import { GetFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda'
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm'
import { resolve } from 'node:path'
import { lambdaOptions } from '../../src/deploy/lambda-options.js'
import { lambdaParameters } from '../../src/deploy/live-parameters.js'
import { evaluate, loadTemplate } from '../support/cloudformation.js'
import { HarvestSimulator } from '../../sandbox/harvest-simulator.js'
import { runCliSource } from './support/cli.js'
import { jsonCall, Moto, policyDocument } from './support/moto.js'

const BUCKET = 'agency-harvest'
const ACCOUNTS = [
  { stack: 'harvest-acme', prefix: 'acme/', accountId: '111111', token: 'token-acme-5f0b2c' },
  { stack: 'harvest-globex', prefix: 'globex/', accountId: '222222', token: 'token-globex-9d4e71' }
]
/**
 * The resources of lambda.yml that carry a name, and so could collide between two stacks (the
 * failure alarm too, but moto gives it no physical id: it is checked through CloudWatch).
 */
const NAMED = ['Function', 'Role', 'LogGroup', 'Schedule', 'AlarmTopic']

/** The property that names each named resource of lambda.yml, where the template sets one. */
const NAME_PROPERTY: Record<string, string> = {
  Function: 'FunctionName',
  LogGroup: 'LogGroupName',
  Role: 'RoleName',
  Schedule: 'Name',
  AlarmTopic: 'TopicName',
  FailureAlarm: 'AlarmName'
}

describe('deploy lambda: one stack per Harvest account, side by side in one region and bucket', () => {
  const moto = new Moto()
  let clients: { cfn: CloudFormationClient; iam: IAMClient; lambda: LambdaClient; ssm: SSMClient }
  const physical = new Map<string, Record<string, string>>()
  // Each account's Harvest, which the token check asks before its stack is deployed.
  const harvests = ACCOUNTS.map(
    ({ accountId, token }) => new HarvestSimulator({ accountId, token, entries: 5 })
  )

  beforeAll(async () => {
    await moto.start()
    for (const harvest of harvests) await harvest.start()
    const config = moto.clientConfig()
    clients = {
      cfn: new CloudFormationClient(config),
      iam: new IAMClient(config),
      lambda: new LambdaClient(config),
      ssm: new SSMClient(config)
    }
    for (const [index, account] of ACCOUNTS.entries()) {
      const result = await runCliSource(
        [
          'deploy',
          'lambda',
          '--bucket',
          BUCKET,
          ...(index === 0 ? ['--create-bucket'] : []),
          '--stack-name',
          account.stack,
          '--prefix',
          account.prefix,
          '--account-id',
          account.accountId,
          '--alarm-email',
          'ops@example.com',
          '--harvest-url',
          harvests[index].url
        ],
        { ...moto.env(), HARVEST_ACCESS_TOKEN: account.token }
      )
      expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' })
      expect(result.stdout).toContain(`Stack ${account.stack}: created`)
      const resources = await clients.cfn.send(
        new DescribeStackResourcesCommand({ StackName: account.stack })
      )
      physical.set(
        account.stack,
        Object.fromEntries(
          (resources.StackResources ?? []).map((r) => [
            r.LogicalResourceId ?? '',
            r.PhysicalResourceId ?? ''
          ])
        )
      )
    }
  })

  afterAll(async () => {
    for (const client of Object.values(clients ?? {})) client.destroy()
    await moto.stop()
    for (const harvest of harvests) await harvest.stop()
  })

  it('keeps both stacks, each complete', async () => {
    for (const account of ACCOUNTS) {
      const stack = await clients.cfn.send(new DescribeStacksCommand({ StackName: account.stack }))
      expect(stack.Stacks?.[0].StackStatus).toBe('CREATE_COMPLETE')
      const names = physical.get(account.stack) ?? {}
      expect(NAMED.filter((logical) => !names[logical])).toEqual([])
    }
  })

  it('gives every named resource of the two stacks its own name', () => {
    const [first, second] = ACCOUNTS.map((account) => physical.get(account.stack) ?? {})
    for (const logical of NAMED) expect(first[logical]).not.toBe(second[logical])
    expect(first.Function).toBe('harvest-acme')
    expect(second.Function).toBe('harvest-globex')
  })

  it('leaves the failure alarm, like the role, schedule and topic, to be named after its stack', () => {
    // moto does not model AWS::CloudWatch::Alarm, so the template as deploy lambda fills it in
    // shows it: a name the template fixes must differ between the stacks; one it leaves out
    // CloudFormation derives from the stack name.
    const template = loadTemplate(resolve('deploy/lambda.yml'))
    const [first, second] = ACCOUNTS.map((account) =>
      evaluate(
        template,
        lambdaParameters(
          lambdaOptions(
            [
              '--bucket',
              BUCKET,
              '--stack-name',
              account.stack,
              '--prefix',
              account.prefix,
              '--account-id',
              account.accountId,
              '--alarm-email',
              'ops@example.com'
            ],
            {}
          ),
          'harvest-s3-export/lambda/code.zip'
        )
      )
    )
    for (const [logical, property] of Object.entries(NAME_PROPERTY)) {
      expect(first.resources[logical]).toBeDefined()
      const names = [first, second].map((stack) => stack.resources[logical].Properties[property])
      if (names[0] === undefined) expect(names[1]).toBeUndefined()
      else expect(names[0]).not.toEqual(names[1])
    }
    expect(first.resources.FailureAlarm.Properties.AlarmName).toBeUndefined()
  })

  it("runs each function against its own account, prefix and token parameter, holding that account's token", async () => {
    for (const account of ACCOUNTS) {
      const fn = await clients.lambda.send(new GetFunctionCommand({ FunctionName: account.stack }))
      expect(fn.Configuration?.Environment?.Variables).toMatchObject({
        HARVEST_ACCOUNT_ID: account.accountId,
        HARVEST_ACCESS_TOKEN_PARAMETER: `/${account.stack}/access-token`,
        S3_BUCKET_NAME: BUCKET,
        S3_PREFIX: account.prefix
      })
      expect(fn.Configuration?.Role).toContain(`:role/${physical.get(account.stack)?.Role}`)
      const parameter = await clients.ssm.send(
        new GetParameterCommand({ Name: `/${account.stack}/access-token`, WithDecryption: true })
      )
      expect(parameter.Parameter).toMatchObject({ Type: 'SecureString', Value: account.token })
    }
  })

  it('lets each role reach only its own prefix, token parameter and log group', async () => {
    for (const account of ACCOUNTS) {
      const names = physical.get(account.stack) ?? {}
      const document = policyDocument(
        (
          await clients.iam.send(
            new GetRolePolicyCommand({ RoleName: names.Role, PolicyName: 'harvest-s3-export' })
          )
        ).PolicyDocument
      )
      const resource = (sid: string) => document.Statement.find((s) => s.Sid === sid)?.Resource
      expect(resource('ReadWriteDayFiles')).toBe(`arn:aws:s3:::${BUCKET}/${account.prefix}*`)
      expect(resource('ReadHarvestToken')).toBe(
        `arn:aws:ssm:eu-central-1:123456789012:parameter/${account.stack}/access-token`
      )
      expect(resource('WriteOwnLogs')).toEqual(
        expect.stringContaining(`:log-group:/aws/lambda/${account.stack}`)
      )
    }
  })

  it('schedules each function by its own rule, and keeps one log group per function', async () => {
    for (const account of ACCOUNTS) {
      const names = physical.get(account.stack) ?? {}
      const fn = await clients.lambda.send(new GetFunctionCommand({ FunctionName: account.stack }))
      const targets = await jsonCall(moto.endpoint, 'AWSEvents.ListTargetsByRule', {
        Rule: names.Schedule
      })
      expect(targets.Targets).toEqual([
        expect.objectContaining({ Arn: fn.Configuration?.FunctionArn })
      ])
      const groups = await jsonCall(moto.endpoint, 'Logs_20140328.DescribeLogGroups', {
        logGroupNamePrefix: `/aws/lambda/${account.stack}`
      })
      expect(
        (groups.logGroups as Array<{ logGroupName: string }>).map((g) => g.logGroupName)
      ).toEqual([`/aws/lambda/${account.stack}`])
    }
  })
})
