import {
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  type Capability,
  type CloudFormationClient,
  type Stack,
  type StackEvent
} from '@aws-sdk/client-cloudformation'
import { errorMessage, errorName } from '../errors.js'
import { sleep } from '../util/sleep.js'
import { DeployError, step } from './aws-errors.js'

interface StackRequest {
  stackName: string
  templateBody: string
  parameters: Record<string, string>
  capabilities: Capability[]
  /** Milliseconds between polls; CloudFormation's own waiters use 5-30 s. */
  pollMs?: number
}

export interface StackResult {
  outcome: 'created' | 'updated' | 'unchanged'
  stack: Stack
  /** What the change set would do, one line per resource ("Add Function (AWS::Lambda::Function)"). */
  changes: string[]
}

/** CloudFormation's reasons for an empty change set (both are seen in the wild). */
const NO_CHANGES = [/didn't contain changes/i, /No updates are to be performed/i]

/** The stack, or undefined when there is none (a deleted one included). */
export async function describeStack(
  cfn: CloudFormationClient,
  stackName: string
): Promise<Stack | undefined> {
  return step(`Reading the stack ${stackName}`, async () => {
    try {
      const answer = await cfn.send(new DescribeStacksCommand({ StackName: stackName }))
      const stack = answer.Stacks?.[0]
      return stack?.StackStatus === 'DELETE_COMPLETE' ? undefined : stack
    } catch (error) {
      if (errorName(error) === 'ValidationError' && /does not exist/i.test(errorMessage(error)))
        return undefined
      throw error
    }
  })
}

/**
 * Creates or updates the stack through a change set, executed only when it has changes. On a
 * failure the stack is left as CloudFormation rolled it back, and the error names the first
 * resource that failed and why (from the stack's events).
 */
export async function deployStack(
  cfn: CloudFormationClient,
  request: StackRequest
): Promise<StackResult> {
  const { stackName } = request
  const pollMs = request.pollMs ?? 3000
  // After the deadline the stack keeps going; the message says where to look.
  const deadline = Date.now() + 30 * 60_000
  const waitForStack = async (): Promise<Stack | undefined> => {
    for (;;) {
      const stack = await describeStack(cfn, stackName)
      if (!stack) return undefined
      const status = stack.StackStatus ?? ''
      if (!status.endsWith('_IN_PROGRESS')) return stack
      if (Date.now() > deadline)
        throw new DeployError(
          `The stack ${stackName} is still ${status} after the wait: follow it in the CloudFormation console (its Events tab).`
        )
      await sleep(pollMs)
    }
  }
  let existing = await describeStack(cfn, stackName)

  // A stack whose creation failed holds nothing and cannot be updated: CloudFormation only lets it be deleted.
  if (existing?.StackStatus === 'ROLLBACK_COMPLETE') {
    await step(
      `Deleting the stack ${stackName} left by a failed creation (ROLLBACK_COMPLETE)`,
      () => cfn.send(new DeleteStackCommand({ StackName: stackName })).then(waitForStack)
    )
    existing = undefined
  }
  const status = existing?.StackStatus ?? ''
  if (status.endsWith('_IN_PROGRESS') && status !== 'REVIEW_IN_PROGRESS')
    throw new DeployError(
      `The stack ${stackName} is busy (${status}): wait until it finishes, then run again.`
    )
  if (status.endsWith('_FAILED'))
    throw new DeployError(
      `The stack ${stackName} is ${status}${existing?.StackStatusReason ? ` (${existing.StackStatusReason})` : ''}: ` +
        'fix it in the CloudFormation console (or delete it), then run again.'
    )
  // REVIEW_IN_PROGRESS: a stack that only ever had a change set proposed; it is still created.
  const type = existing && status !== 'REVIEW_IN_PROGRESS' ? 'UPDATE' : 'CREATE'

  const changeSetName = `harvest-s3-export-${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}`
  const created = await step(`Creating a change set for the stack ${stackName}`, () =>
    cfn.send(
      new CreateChangeSetCommand({
        StackName: stackName,
        ChangeSetName: changeSetName,
        ChangeSetType: type,
        TemplateBody: request.templateBody,
        Parameters: Object.entries(request.parameters).map(([key, value]) => ({
          ParameterKey: key,
          ParameterValue: value
        })),
        Capabilities: request.capabilities,
        Tags: [{ Key: 'harvest-s3-export', Value: stackName }]
      })
    )
  )
  const changeSetRef = { ChangeSetName: created.Id ?? changeSetName, StackName: stackName }

  const changeSet = await step(`Waiting for the change set of the stack ${stackName}`, async () => {
    for (;;) {
      const answer = await cfn.send(new DescribeChangeSetCommand(changeSetRef))
      if (answer.Status === 'CREATE_COMPLETE' || answer.Status === 'FAILED') return answer
      if (Date.now() > deadline)
        throw new DeployError(
          `The change set ${changeSetName} of ${stackName} took too long (still ${answer.Status}).`
        )
      await sleep(pollMs)
    }
  })
  const changes = (changeSet.Changes ?? []).map((change) => {
    const resource = change.ResourceChange
    return `${resource?.Action ?? 'Change'} ${resource?.LogicalResourceId} (${resource?.ResourceType})${resource?.Replacement === 'True' ? ', replaced' : ''}`
  })

  if (changeSet.Status === 'FAILED') {
    const reason = changeSet.StatusReason ?? 'no reason given'
    // An empty change set is FAILED too; it stays behind unless deleted, so delete it either way.
    await cfn.send(new DeleteChangeSetCommand(changeSetRef)).catch(() => undefined)
    if (type === 'UPDATE' && NO_CHANGES.some((pattern) => pattern.test(reason)) && existing)
      return { outcome: 'unchanged', stack: existing, changes: [] }
    throw new DeployError(
      `CloudFormation refused the change set for the stack ${stackName}: ${reason}`
    )
  }

  const started = new Date(Date.now() - 5_000)
  await step(`Executing the change set of the stack ${stackName}`, () =>
    cfn.send(new ExecuteChangeSetCommand(changeSetRef))
  )
  const stack = await step(`Waiting for the stack ${stackName}`, waitForStack)
  const final = stack?.StackStatus ?? 'DELETE_COMPLETE'
  if (final === 'CREATE_COMPLETE' || final === 'UPDATE_COMPLETE')
    return { outcome: type === 'CREATE' ? 'created' : 'updated', stack: stack!, changes }
  throw new DeployError(
    `${await failureSummary(cfn, stackName, started)} The stack ${stackName} is now ${final}.`
  )
}

/** "Function (AWS::Lambda::Function) CREATE_FAILED: <reason>" for the first resources that failed since `since`. */
async function failureSummary(
  cfn: CloudFormationClient,
  stackName: string,
  since: Date
): Promise<string> {
  const events: StackEvent[] = []
  try {
    let token: string | undefined
    do {
      const page = await cfn.send(
        new DescribeStackEventsCommand({ StackName: stackName, NextToken: token })
      )
      events.push(...(page.StackEvents ?? []))
      token = page.NextToken
      // Events come newest first: older pages belong to earlier deploys.
      if ((page.StackEvents ?? []).some((event) => event.Timestamp && event.Timestamp < since))
        break
    } while (token)
  } catch (error) {
    return `The stack ${stackName} failed (its events could not be read: ${errorMessage(error)}).`
  }
  const failed = events
    .filter(
      (event) =>
        (!event.Timestamp || event.Timestamp >= since) && event.ResourceStatus?.endsWith('_FAILED')
    )
    // The cascade of "Resource creation cancelled" only repeats the first failure.
    .filter((event) => !/cancelled/i.test(event.ResourceStatusReason ?? ''))
    .filter((event) => event.LogicalResourceId !== stackName)
    .reverse()
  if (failed.length === 0) return `The stack ${stackName} failed without a failed resource event.`
  const lines = failed
    .slice(0, 3)
    .map(
      (event) =>
        `${event.LogicalResourceId} (${event.ResourceType}) ${event.ResourceStatus}: ${event.ResourceStatusReason ?? 'no reason given'}`
    )
  return `The stack ${stackName} failed: ${lines.join('; ')}.`
}

/** Logical id -> physical id of the stack's resources (moto, unlike CloudFormation, may drop Outputs). */
export async function stackResources(
  cfn: CloudFormationClient,
  stackName: string
): Promise<Record<string, string>> {
  const answer = await step(`Reading the resources of the stack ${stackName}`, () =>
    cfn.send(new DescribeStackResourcesCommand({ StackName: stackName }))
  )
  return Object.fromEntries(
    (answer.StackResources ?? []).map((resource) => [
      resource.LogicalResourceId ?? '',
      resource.PhysicalResourceId ?? ''
    ])
  )
}

export function output(stack: Stack, key: string): string | undefined {
  return stack.Outputs?.find((item) => item.OutputKey === key)?.OutputValue
}
