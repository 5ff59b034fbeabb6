import { resolve } from 'node:path'
import { ENVIRONMENT } from '../../../src/config/inputs.js'
import { SETTING_NAMES, SETTINGS, type Setting } from '../../../src/config/registry.js'
import { lambdaParameters } from '../../../src/deploy/live-parameters.js'
import { lambdaOptions } from '../../../src/deploy/lambda-options.js'
import {
  evaluate,
  list,
  loadTemplate,
  roleStatements,
  type Stack,
  type Statement
} from '../../support/cloudformation.js'
import { deploySamples } from '../../support/deploy-samples.js'

const lambdaTemplate = loadTemplate(resolve('deploy/lambda.yml'))
const oidcTemplate = loadTemplate(resolve('deploy/github-oidc-role.yml'))

const LAMBDA_PARAMETERS = {
  CodeBucket: 'acme-artifacts',
  CodeKey: 'harvest-s3-export/v1.0.0.zip',
  ExportBucket: 'acme-harvest',
  HarvestAccountId: '123456'
}
const OIDC_PARAMETERS = { Repository: 'acme/timesheets', ExportBucket: 'acme-harvest' }

const lambdaStack = (parameters: Record<string, string> = {}): Stack =>
  evaluate(lambdaTemplate, { ...LAMBDA_PARAMETERS, ...parameters })
const oidcStack = (parameters: Record<string, string> = {}): Stack =>
  evaluate(oidcTemplate, { ...OIDC_PARAMETERS, ...parameters })

function resourceOfType(stack: Stack, type: string) {
  const found = Object.values(stack.resources).filter((resource) => resource.Type === type)
  expect(found).toHaveLength(1)
  return found[0].Properties
}

const s3Statements = (statements: Statement[]) =>
  statements.filter((s) => list(s.Action).some((a) => a.startsWith('s3:')))

/** The least-privilege S3 access the export needs: no delete, nothing outside bucket/prefix. */
const EXPECTED_S3 = [
  {
    Sid: 'ReadWriteDayFiles',
    Effect: 'Allow',
    Action: ['s3:GetObject', 's3:PutObject'],
    Resource: 'arn:aws:s3:::acme-harvest/harvest/*'
  },
  {
    Sid: 'ListDayFiles',
    Effect: 'Allow',
    Action: 's3:ListBucket',
    Resource: 'arn:aws:s3:::acme-harvest',
    Condition: { StringLike: { 's3:prefix': ['harvest/*'] } }
  }
]

describe('deploy/lambda.yml', () => {
  it("takes every setting deploy puts in it as the registry's parameter, into the registry's variable, with its default and values", () => {
    const parameters = lambdaTemplate.Parameters ?? {}
    const deployed = SETTING_NAMES.map((name): Setting => SETTINGS[name]).filter(
      (setting) => setting.parameter !== undefined
    )
    expect(deployed.length).toBeGreaterThanOrEqual(11)
    for (const setting of deployed) {
      const parameter = parameters[setting.parameter ?? '']
      expect([setting.parameter, parameter?.Type]).toEqual([setting.parameter, expect.any(String)])
      if (setting.default !== undefined)
        expect([setting.parameter, String(parameter.Default)]).toEqual([
          setting.parameter,
          setting.default
        ])
      if (setting.type === 'choice')
        expect([setting.parameter, parameter.AllowedValues]).toEqual([
          setting.parameter,
          setting.values
        ])
      if (setting.type === 'boolean')
        expect([setting.parameter, parameter.AllowedValues]).toEqual([
          setting.parameter,
          ['true', 'false']
        ])
      // A value the parameter accepts: its first choice, true, or a sample fitting its pattern.
      const pattern = new RegExp(`^(?:${parameter.AllowedPattern ?? '.*'})$`)
      const given =
        setting.type === 'choice'
          ? (setting.values ?? [])[0]
          : setting.type === 'boolean'
            ? 'true'
            : (['7', 'acme-harvest-7', 'harvest7/', 'projects'].find((sample) =>
                pattern.test(sample)
              ) ?? '7')
      const fn = resourceOfType(
        lambdaStack({ [setting.parameter ?? '']: given }),
        'AWS::Lambda::Function'
      )
      const variables = (fn.Environment as { Variables: Record<string, string> }).Variables
      expect([setting.parameter, variables[setting.env ?? '']]).toEqual([setting.parameter, given])
    }
  })

  it("gives the function each of those settings from deploy lambda's flag, in the registry's variable", () => {
    const base = ['--bucket', 'acme-harvest', '--account-id', '42']
    const defaults = lambdaOptions(base, {}).parameters
    const deployed = SETTING_NAMES.flatMap((name) => {
      const setting: Setting = SETTINGS[name]
      return setting.parameter !== undefined ? [setting] : []
    })
    // Every such setting, none other: deploy's code names none of them.
    expect(Object.keys(defaults).sort()).toEqual(deployed.map((s) => s.parameter).sort())
    for (const setting of deployed)
      if (setting.default !== undefined)
        expect([setting.parameter, defaults[setting.parameter ?? '']]).toEqual([
          setting.parameter,
          setting.default
        ])
    const samples = deploySamples()
    expect(samples.map(({ setting }) => setting.parameter).sort()).toEqual(
      Object.keys(defaults).sort()
    )
    for (const { setting, argv, value } of samples) {
      const options = lambdaOptions([...base, ...argv], {})
      const parameter = setting.parameter ?? ''
      expect([argv, options.given.has(parameter)]).toEqual([argv, true])
      const parameters = lambdaParameters(options, 'harvest-s3-export/v1.0.0.zip')
      expect([argv, parameters[parameter]]).toEqual([argv, value])
      const fn = resourceOfType(evaluate(lambdaTemplate, parameters), 'AWS::Lambda::Function')
      const variables = (fn.Environment as { Variables: Record<string, string> }).Variables
      expect([argv, variables[setting.env ?? '']]).toEqual([argv, value])
    }
  })

  it('runs index.handler on nodejs24.x with 512 MB and 300 s, from the zip at the given bucket and key', () => {
    const fn = resourceOfType(lambdaStack(), 'AWS::Lambda::Function')
    expect(fn).toMatchObject({
      FunctionName: 'harvest-s3-export',
      Runtime: 'nodejs24.x',
      Handler: 'index.handler',
      MemorySize: 512,
      Timeout: 300,
      Role: '<Role.Arn>',
      Code: { S3Bucket: 'acme-artifacts', S3Key: 'harvest-s3-export/v1.0.0.zip' },
      LoggingConfig: { LogGroup: '<Ref LogGroup>' }
    })
    expect(fn.Code).not.toHaveProperty('S3ObjectVersion')
    const versioned = resourceOfType(
      lambdaStack({ CodeObjectVersion: 'v123' }),
      'AWS::Lambda::Function'
    )
    expect(versioned.Code).toEqual({
      S3Bucket: 'acme-artifacts',
      S3Key: 'harvest-s3-export/v1.0.0.zip',
      S3ObjectVersion: 'v123'
    })
  })

  it('configures the function only through environment variables the product reads, token by SSM parameter name', () => {
    const fn = resourceOfType(
      lambdaStack({ ExportPrefix: 'exports/harvest/', DaysBack: '30', TimeZone: 'Europe/Berlin' }),
      'AWS::Lambda::Function'
    )
    const variables = (fn.Environment as { Variables: Record<string, string> }).Variables
    // The README's Lambda environment: the config's variables plus the token parameter, late edits and resources.
    const known = [
      ...Object.keys(ENVIRONMENT),
      'HARVEST_ACCESS_TOKEN_PARAMETER',
      'LATE_EDITS',
      'RESOURCES'
    ]
    for (const name of Object.keys(variables)) expect(known).toContain(name)
    expect(variables).toMatchObject({
      HARVEST_ACCOUNT_ID: '123456',
      HARVEST_ACCESS_TOKEN_PARAMETER: '/harvest-s3-export/access-token',
      S3_BUCKET_NAME: 'acme-harvest',
      S3_PREFIX: 'exports/harvest/',
      DAYS_BACK: '30',
      TIMEZONE: 'Europe/Berlin'
    })
    // The token itself never passes through the template: not as a variable, not as a parameter.
    expect(variables).not.toHaveProperty('HARVEST_ACCESS_TOKEN')
    const tokenParameters = Object.keys(lambdaTemplate.Parameters ?? {}).filter((name) =>
      /token/i.test(name)
    )
    expect(tokenParameters.sort()).toEqual(['HarvestTokenKmsKeyArn', 'HarvestTokenParameterName'])
  })

  it('defaults to the last 90 days in UTC, flat JSON files under harvest/', () => {
    const stack = lambdaStack()
    const variables = (
      resourceOfType(stack, 'AWS::Lambda::Function').Environment as {
        Variables: Record<string, string>
      }
    ).Variables
    expect(variables).toMatchObject({
      DAYS_BACK: '90',
      TIMEZONE: 'UTC',
      S3_PREFIX: 'harvest/',
      FORMAT: 'json',
      LAYOUT: 'flat',
      CHANGES: 'false',
      LATE_EDITS: 'sync',
      RESOURCES: 'time_entries'
    })
    const chosen = resourceOfType(
      lambdaStack({ LateEdits: 'ignore', Resources: 'time_entries,projects' }),
      'AWS::Lambda::Function'
    ).Environment as { Variables: Record<string, string> }
    expect(chosen.Variables).toMatchObject({
      LATE_EDITS: 'ignore',
      RESOURCES: 'time_entries,projects'
    })
    expect(() => lambdaStack({ LateEdits: 'later' })).toThrow(/not an allowed value/)
  })

  it('grants exactly GetObject/PutObject under the prefix, ListBucket of the prefix, GetParameter of the one parameter and its own logs', () => {
    const statements = roleStatements(lambdaStack())
    expect(s3Statements(statements)).toEqual(EXPECTED_S3)
    expect(statements.find((s) => s.Sid === 'ReadHarvestToken')).toEqual({
      Sid: 'ReadHarvestToken',
      Effect: 'Allow',
      Action: 'ssm:GetParameter',
      Resource: 'arn:aws:ssm:eu-central-1:123456789012:parameter/harvest-s3-export/access-token'
    })
    expect(statements.find((s) => s.Sid === 'WriteOwnLogs')).toEqual({
      Sid: 'WriteOwnLogs',
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: '<LogGroup.Arn>'
    })
    const actions = statements.flatMap((s) => list(s.Action)).sort()
    expect(actions).toEqual([
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      's3:GetObject',
      's3:ListBucket',
      's3:PutObject',
      'ssm:GetParameter'
    ])
    expect(statements.every((s) => s.Effect === 'Allow' && !list(s.Resource).includes('*'))).toBe(
      true
    )
  })

  it('writes ARNs of plain (unpathed) parameter names with the slash they need', () => {
    const statements = roleStatements(lambdaStack({ HarvestTokenParameterName: 'harvest-token' }))
    expect(statements.find((s) => s.Sid === 'ReadHarvestToken')?.Resource).toBe(
      'arn:aws:ssm:eu-central-1:123456789012:parameter/harvest-token'
    )
  })

  it('lists the whole bucket without a prefix condition only when the prefix is empty', () => {
    const statements = roleStatements(lambdaStack({ ExportPrefix: '' }))
    expect(s3Statements(statements)).toEqual([
      { ...EXPECTED_S3[0], Resource: 'arn:aws:s3:::acme-harvest/*' },
      {
        Sid: 'ListDayFiles',
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: 'arn:aws:s3:::acme-harvest'
      }
    ])
  })

  it('grants kms:Decrypt only for a customer managed key, and only through SSM', () => {
    expect(roleStatements(lambdaStack()).some((s) => list(s.Action).includes('kms:Decrypt'))).toBe(
      false
    )
    const key = 'arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'
    const decrypt = roleStatements(lambdaStack({ HarvestTokenKmsKeyArn: key })).filter((s) =>
      list(s.Action).includes('kms:Decrypt')
    )
    expect(decrypt).toEqual([
      {
        Sid: 'DecryptHarvestTokenThroughSsm',
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: key,
        Condition: { StringEquals: { 'kms:ViaService': 'ssm.eu-central-1.amazonaws.com' } }
      }
    ])
  })

  it('keeps its logs in its own log group with a retention', () => {
    const logGroup = resourceOfType(
      lambdaStack({ FunctionName: 'nightly-harvest', LogRetentionInDays: '30' }),
      'AWS::Logs::LogGroup'
    )
    expect(logGroup).toEqual({ LogGroupName: '/aws/lambda/nightly-harvest', RetentionInDays: '30' })
    expect(lambdaTemplate.Parameters?.LogRetentionInDays.Default).toBe(90)
  })

  it('deletes its log group with the stack, so deploying the same function again can create it', () => {
    const logGroup = lambdaTemplate.Resources.LogGroup as {
      DeletionPolicy?: string
      UpdateReplacePolicy?: string
    }
    expect(logGroup.DeletionPolicy).toBe('Delete')
    expect(logGroup.UpdateReplacePolicy).toBe('Delete')
  })

  it('runs on the schedule, cron(0 2 * * ? *) by default, with an invoke permission for that rule only', () => {
    expect(lambdaTemplate.Parameters?.ScheduleExpression.Default).toBe('cron(0 2 * * ? *)')
    const stack = lambdaStack()
    const rule = resourceOfType(stack, 'AWS::Events::Rule')
    expect(rule).toMatchObject({
      ScheduleExpression: 'cron(0 2 * * ? *)',
      State: 'ENABLED',
      Targets: [{ Arn: '<Function.Arn>', Input: '{}' }]
    })
    expect(resourceOfType(stack, 'AWS::Lambda::Permission')).toEqual({
      FunctionName: '<Ref Function>',
      Action: 'lambda:InvokeFunction',
      Principal: 'events.amazonaws.com',
      SourceArn: '<Schedule.Arn>'
    })
    expect(
      resourceOfType(lambdaStack({ ScheduleExpression: 'rate(6 hours)' }), 'AWS::Events::Rule')
        .ScheduleExpression
    ).toBe('rate(6 hours)')
  })

  it('alarms on Errors >= 1 only when an e-mail or an SNS topic is given', () => {
    const types = (stack: Stack) => Object.values(stack.resources).map((resource) => resource.Type)
    expect(types(lambdaStack())).not.toContain('AWS::CloudWatch::Alarm')
    expect(types(lambdaStack())).not.toContain('AWS::SNS::Topic')

    const withEmail = lambdaStack({ AlarmEmail: 'ops@example.com' })
    expect(resourceOfType(withEmail, 'AWS::SNS::Topic').Subscription).toEqual([
      { Protocol: 'email', Endpoint: 'ops@example.com' }
    ])
    expect(resourceOfType(withEmail, 'AWS::CloudWatch::Alarm')).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: '<Ref Function>' }],
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: ['<Ref AlarmTopic>']
    })

    const topic = 'arn:aws:sns:eu-central-1:123456789012:ops'
    const withTopic = lambdaStack({ AlarmTopicArn: topic })
    expect(types(withTopic)).not.toContain('AWS::SNS::Topic')
    expect(resourceOfType(withTopic, 'AWS::CloudWatch::Alarm').AlarmActions).toEqual([topic])
  })

  it('outputs the function name and ARN', () => {
    expect(lambdaStack().outputs).toMatchObject({
      FunctionName: '<Ref Function>',
      FunctionArn: '<Function.Arn>'
    })
  })
})

describe('deploy/github-oidc-role.yml', () => {
  const SUB = 'token.actions.githubusercontent.com:sub'
  const AUD = 'token.actions.githubusercontent.com:aud'
  const trust = (stack: Stack) =>
    (
      resourceOfType(stack, 'AWS::IAM::Role').AssumeRolePolicyDocument as {
        Statement: Statement[] & { Principal?: unknown }[]
      }
    ).Statement

  it('creates the GitHub OIDC provider for audience sts.amazonaws.com by default', () => {
    expect(resourceOfType(oidcStack(), 'AWS::IAM::OIDCProvider')).toEqual({
      Url: 'https://token.actions.githubusercontent.com',
      ClientIdList: ['sts.amazonaws.com']
    })
  })

  it('trusts only that provider, only for the audience, only for the main branch of the one repository by default', () => {
    const statements = trust(oidcStack())
    expect(statements).toEqual([
      {
        Effect: 'Allow',
        Principal: { Federated: '<Ref GitHubOidcProvider>' },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: { [AUD]: 'sts.amazonaws.com' },
          StringLike: { [SUB]: 'repo:acme/timesheets:ref:refs/heads/main' }
        }
      }
    ])
  })

  it('trusts the subject it is given: one branch, one environment, or every ref only when asked', () => {
    expect(
      trust(oidcStack({ Subject: 'ref:refs/heads/release' }))[0].Condition?.StringLike
    ).toEqual({
      [SUB]: 'repo:acme/timesheets:ref:refs/heads/release'
    })
    expect(
      trust(oidcStack({ Subject: 'environment:production' }))[0].Condition?.StringLike
    ).toEqual({
      [SUB]: 'repo:acme/timesheets:environment:production'
    })
    expect(trust(oidcStack({ Subject: '*' }))[0].Condition?.StringLike).toEqual({
      [SUB]: 'repo:acme/timesheets:*'
    })
    for (const wider of ['ref:refs/heads/*', 'ref:refs/*', 'environment:prod*', '', 'pull_request'])
      expect(() => oidcStack({ Subject: wider })).toThrow(/AllowedPattern/)
  })

  it('uses an existing provider instead of creating one when asked', () => {
    const arn = 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com'
    const stack = oidcStack({ CreateOidcProvider: 'false', ExistingOidcProviderArn: arn })
    expect(Object.values(stack.resources).map((resource) => resource.Type)).toEqual([
      'AWS::IAM::Role'
    ])
    expect(trust(stack)[0]).toMatchObject({ Principal: { Federated: arn } })
    expect(stack.outputs.OidcProviderArn).toBe(arn)
  })

  it('allows the action exactly the S3 access the Lambda function has, and nothing else', () => {
    const statements = roleStatements(oidcStack())
    expect(statements).toEqual(EXPECTED_S3)
    expect(s3Statements(roleStatements(lambdaStack()))).toEqual(statements)
  })

  it('names the role and its session limit from parameters, and outputs its ARN', () => {
    const stack = oidcStack({ RoleName: 'harvest-ci', MaxSessionDuration: '7200' })
    expect(resourceOfType(stack, 'AWS::IAM::Role')).toMatchObject({
      RoleName: 'harvest-ci',
      MaxSessionDuration: '7200'
    })
    expect(stack.outputs.RoleArn).toBe('<Role.Arn>')
  })
})

describe('both templates', () => {
  const bucketKey = 'arn:aws:kms:eu-central-1:123456789012:key/feed-beef'
  it.each([
    ['lambda.yml', lambdaStack],
    ['github-oidc-role.yml', oidcStack]
  ] as const)(
    '%s lets the role use an SSE-KMS bucket key only when one is given, only through S3',
    (_, stack) => {
      const kms = (statements: Statement[]) =>
        statements.filter((s) => s.Sid === 'UseExportBucketKey')
      expect(kms(roleStatements(stack()))).toEqual([])
      expect(kms(roleStatements(stack({ ExportBucketKmsKeyArn: bucketKey })))).toEqual([
        {
          Sid: 'UseExportBucketKey',
          Effect: 'Allow',
          Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
          Resource: bucketKey,
          Condition: { StringEquals: { 'kms:ViaService': 's3.eu-central-1.amazonaws.com' } }
        }
      ])
    }
  )

  it.each([
    ['lambda.yml', lambdaStack, lambdaTemplate],
    ['github-oidc-role.yml', oidcStack, oidcTemplate]
  ] as const)(
    '%s creates the export bucket only when asked: private, encrypted, kept on delete',
    (_, stack, template) => {
      const buckets = (s: Stack) =>
        Object.values(s.resources).filter((r) => r.Type === 'AWS::S3::Bucket')
      expect(buckets(stack())).toEqual([])
      const [bucket] = buckets(stack({ CreateExportBucket: 'true' }))
      expect(bucket.Properties).toEqual({
        BucketName: 'acme-harvest',
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }
          ]
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          IgnorePublicAcls: true,
          BlockPublicPolicy: true,
          RestrictPublicBuckets: true
        }
      })
      const [kmsBucket] = buckets(
        stack({ CreateExportBucket: 'true', ExportBucketKmsKeyArn: bucketKey })
      )
      expect(kmsBucket.Properties.BucketEncryption).toEqual({
        ServerSideEncryptionConfiguration: [
          {
            ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: bucketKey },
            BucketKeyEnabled: true
          }
        ]
      })
      expect(template.Resources.ExportBucketResource).toMatchObject({ DeletionPolicy: 'Retain' })
    }
  )

  const stacks: Array<[string, Stack]> = [
    [
      'lambda.yml',
      lambdaStack({
        HarvestTokenKmsKeyArn: 'arn:aws:kms:eu-central-1:123456789012:key/abc',
        AlarmEmail: 'ops@example.com'
      })
    ],
    ['github-oidc-role.yml', oidcStack()]
  ]

  it.each(stacks)('%s grants no wildcard action, no delete and no other bucket', (_, stack) => {
    const statements = roleStatements(stack)
    expect(statements.length).toBeGreaterThan(0)
    for (const statement of statements) {
      for (const action of list(statement.Action)) {
        expect(action).not.toContain('*')
        expect(action).not.toMatch(/Delete/i)
      }
      for (const resource of list(statement.Resource)) {
        expect(resource).not.toBe('*')
        if (resource.startsWith('arn:aws:s3:::'))
          expect(resource).toMatch(/^arn:aws:s3:::acme-harvest(\/harvest\/\*)?$/)
      }
      expect(statement).not.toHaveProperty('NotAction')
      expect(statement).not.toHaveProperty('NotResource')
    }
  })
})
