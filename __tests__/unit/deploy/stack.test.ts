import type { CloudFormationClient } from '@aws-sdk/client-cloudformation'
import { deployStack } from '../../../src/deploy/stack.js'
import { awsFailure } from '../../../src/deploy/aws-errors.js'

/**
 * CloudFormation's answers for the states moto cannot produce (a failed execution with its
 * events, a stack left by a failed creation): each command answered from a script.
 */
function cloudFormation(script: Record<string, Array<unknown>>): {
  client: CloudFormationClient
  calls: string[]
} {
  const calls: string[] = []
  const client = {
    send: (command: { constructor: { name: string }; input: unknown }) => {
      const name = command.constructor.name.replace(/Command$/, '')
      calls.push(name)
      const answers = script[name]
      if (!answers || answers.length === 0) return Promise.reject(new Error(`unexpected ${name}`))
      const answer = answers.length > 1 ? answers.shift() : answers[0]
      if (answer instanceof Error) return Promise.reject(answer)
      return Promise.resolve(answer)
    }
  } as unknown as CloudFormationClient
  return { client, calls }
}

const notFound = Object.assign(new Error('Stack with id s does not exist'), {
  name: 'ValidationError'
})
const request = {
  stackName: 's',
  templateBody: '{}',
  parameters: { A: '1' },
  capabilities: [],
  pollMs: 1
}

describe('deploying a stack through a change set', () => {
  it('reports the failed resource and its reason from the events, and leaves the rollback alone', async () => {
    const now = new Date()
    const { client, calls } = cloudFormation({
      DescribeStacks: [
        notFound,
        { Stacks: [{ StackStatus: 'CREATE_IN_PROGRESS' }] },
        { Stacks: [{ StackStatus: 'ROLLBACK_COMPLETE' }] }
      ],
      CreateChangeSet: [{ Id: 'cs-1' }],
      DescribeChangeSet: [
        { Status: 'CREATE_PENDING' },
        {
          Status: 'CREATE_COMPLETE',
          Changes: [
            {
              ResourceChange: {
                Action: 'Add',
                LogicalResourceId: 'Function',
                ResourceType: 'AWS::Lambda::Function'
              }
            }
          ]
        }
      ],
      ExecuteChangeSet: [{}],
      DescribeStackEvents: [
        {
          StackEvents: [
            { LogicalResourceId: 's', ResourceStatus: 'ROLLBACK_COMPLETE', Timestamp: now },
            {
              LogicalResourceId: 'Role',
              ResourceType: 'AWS::IAM::Role',
              ResourceStatus: 'CREATE_FAILED',
              ResourceStatusReason: 'Resource creation cancelled',
              Timestamp: now
            },
            {
              LogicalResourceId: 'Function',
              ResourceType: 'AWS::Lambda::Function',
              ResourceStatus: 'CREATE_FAILED',
              ResourceStatusReason: 'Error occurred while GetObject. S3 Error Code: AccessDenied',
              Timestamp: now
            },
            {
              LogicalResourceId: 'Old',
              ResourceType: 'AWS::SNS::Topic',
              ResourceStatus: 'CREATE_FAILED',
              ResourceStatusReason: 'an earlier deploy',
              Timestamp: new Date(now.getTime() - 3_600_000)
            }
          ]
        }
      ]
    })
    await expect(deployStack(client, request)).rejects.toThrow(
      'The stack s failed: Function (AWS::Lambda::Function) CREATE_FAILED: Error occurred while GetObject. S3 Error Code: AccessDenied. The stack s is now ROLLBACK_COMPLETE.'
    )
    expect(calls).not.toContain('DeleteStack')
  })

  it("treats CloudFormation's empty change set as no changes, executes nothing and deletes the change set", async () => {
    const { client, calls } = cloudFormation({
      DescribeStacks: [{ Stacks: [{ StackStatus: 'UPDATE_COMPLETE' }] }],
      CreateChangeSet: [{ Id: 'cs-1' }],
      DescribeChangeSet: [
        {
          Status: 'FAILED',
          StatusReason:
            "The submitted information didn't contain changes. Submit different information to create a change set."
        }
      ],
      DeleteChangeSet: [{}]
    })
    await expect(deployStack(client, request)).resolves.toMatchObject({ outcome: 'unchanged' })
    expect(calls).toEqual([
      'DescribeStacks',
      'CreateChangeSet',
      'DescribeChangeSet',
      'DeleteChangeSet'
    ])
  })

  it('reports any other refused change set with its reason', async () => {
    const { client } = cloudFormation({
      DescribeStacks: [{ Stacks: [{ StackStatus: 'CREATE_COMPLETE' }] }],
      CreateChangeSet: [{ Id: 'cs-1' }],
      DescribeChangeSet: [
        { Status: 'FAILED', StatusReason: 'Parameter ExportBucket failed to satisfy constraint' }
      ],
      DeleteChangeSet: [{}]
    })
    await expect(deployStack(client, request)).rejects.toThrow(
      'CloudFormation refused the change set for the stack s: Parameter ExportBucket failed to satisfy constraint'
    )
  })

  it('deletes a stack left by a failed creation before creating it again', async () => {
    const { client, calls } = cloudFormation({
      DescribeStacks: [
        { Stacks: [{ StackStatus: 'ROLLBACK_COMPLETE' }] },
        notFound,
        { Stacks: [{ StackStatus: 'CREATE_COMPLETE' }] }
      ],
      DeleteStack: [{}],
      CreateChangeSet: [{ Id: 'cs-1' }],
      DescribeChangeSet: [{ Status: 'CREATE_COMPLETE', Changes: [] }],
      ExecuteChangeSet: [{}]
    })
    await expect(deployStack(client, request)).resolves.toMatchObject({ outcome: 'created' })
    expect(calls.slice(0, 3)).toEqual(['DescribeStacks', 'DeleteStack', 'DescribeStacks'])
  })

  it('refuses a busy stack instead of queueing behind it', async () => {
    const { client } = cloudFormation({
      DescribeStacks: [{ Stacks: [{ StackStatus: 'UPDATE_IN_PROGRESS' }] }]
    })
    await expect(deployStack(client, request)).rejects.toThrow(
      'The stack s is busy (UPDATE_IN_PROGRESS)'
    )
  })
})

describe('AWS errors', () => {
  it('name the step, the error and what to check', () => {
    const denied = Object.assign(
      new Error('User: arn:aws:iam::1:user/x is not authorized to perform: ssm:PutParameter'),
      {
        name: 'AccessDeniedException',
        $metadata: { httpStatusCode: 400 }
      }
    )
    expect(awsFailure('Writing the SSM parameter /p', denied).message).toBe(
      'Writing the SSM parameter /p failed: AccessDeniedException (HTTP 400): User: arn:aws:iam::1:user/x is not authorized to perform: ssm:PutParameter. ' +
        'The credentials in use lack this permission (or are invalid): see deploy/README.md for what a deploy needs'
    )
    const none = Object.assign(new Error('Could not load credentials from any providers'), {
      name: 'CredentialsProviderError'
    })
    expect(awsFailure('Checking the bucket b', none).message).toMatch(
      /^Checking the bucket b failed: no AWS credentials found/
    )
  })
})
