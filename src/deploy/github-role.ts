import { GetRoleCommand } from '@aws-sdk/client-iam'
import { resolve } from 'node:path'
import { DeployError, step } from './aws-errors.js'
import { callerAccount } from './account.js'
import { ensureExportBucket, printStackResult } from './shared-steps.js'
import { createClients } from './clients.js'
import type { GithubRoleOptions } from './github-role-options.js'
import type { DeployIo } from './io.js'
import { findGithubOidcProvider } from './oidc-provider.js'
import { actionRepository, template } from './package-files.js'
import { printPlan } from './plan.js'
import { deployStack, describeStack, output } from './stack.js'
import { workflowText, writeWorkflow } from './workflow.js'

/**
 * What the workflow's OIDC token must say after `repo:OWNER/NAME:` (its `sub`): one
 * environment, every ref only when asked with --any-ref, else one branch (main by default).
 */
export function trustedSubject(
  options: Pick<GithubRoleOptions, 'branch' | 'environment' | 'anyRef'>
): string {
  if (options.environment) return `environment:${options.environment}`
  if (options.anyRef) return '*'
  return `ref:refs/heads/${options.branch || 'main'}`
}

/** What the role trusts, in words, for the plan and the warning. */
function trustedWhat(options: GithubRoleOptions): string {
  if (options.environment) return `environment ${options.environment}`
  if (options.anyRef) return 'every branch, tag, pull request and environment'
  return `branch ${options.branch || 'main'}`
}

/** github-oidc-role.yml's parameters; the provider is the account's existing one when there is one. */
export function githubRoleParameters(
  options: GithubRoleOptions,
  providerArn: string | undefined
): Record<string, string> {
  return {
    Repository: options.repo,
    Subject: trustedSubject(options),
    RoleName: options.roleName,
    ExportBucket: options.bucket,
    ExportPrefix: options.prefix,
    ExportBucketKmsKeyArn: options.kmsKey,
    CreateOidcProvider: providerArn ? 'false' : 'true',
    ExistingOidcProviderArn: providerArn ?? ''
  }
}

/**
 * `deploy github-role`: the role the action assumes with the workflow's OIDC token, then the
 * workflow that uses it. The account's GitHub OIDC provider is looked up rather than asked
 * for; one this stack created itself stays the stack's (switching to "existing" would make
 * CloudFormation delete it).
 */
export async function deployGithubRole(options: GithubRoleOptions, io: DeployIo): Promise<void> {
  const workflowPath = resolve(io.cwd, options.workflow)
  const action = `${actionRepository()}@v1`
  if (options.anyRef) {
    io.out(
      `warning: --any-ref: the role trusts every branch, tag, pull request and environment of ${options.repo} ` +
        `(sub repo:${options.repo}:*), so anyone who can push a branch or start a workflow there can read and overwrite ` +
        `s3://${options.bucket}/${options.prefix}; without it the role trusts one branch (--branch, default main) or one environment (--environment).`
    )
  }
  if (options.dryRun) {
    printPlan(io, [
      options.createBucket
        ? `Create the bucket ${options.bucket} if it does not exist (public access blocked, default encryption)`
        : `Check that the bucket ${options.bucket} exists`,
      `Look up the account's IAM OIDC provider for token.actions.githubusercontent.com (created by the stack when there is none)`,
      `Create or update the CloudFormation stack ${options.stackName} from deploy/github-oidc-role.yml: role ${options.roleName} for ${options.repo}` +
        ` (${trustedWhat(options)})` +
        `, reading and writing s3://${options.bucket}/${options.prefix}`,
      `Write ${workflowPath} (uses: ${action}) unless it exists`
    ])
    return
  }

  const clients = createClients(options.region, io.env)
  try {
    const owner = await callerAccount(clients.sts)
    const region = await ensureExportBucket(clients.s3, options, io, owner)

    const existing = await describeStack(clients.cloudFormation, options.stackName)
    const ownsProvider = existing?.Parameters?.some(
      (parameter) =>
        parameter.ParameterKey === 'CreateOidcProvider' && parameter.ParameterValue === 'true'
    )
    const provider = ownsProvider ? undefined : await findGithubOidcProvider(clients.iam)
    const providerArn = provider?.arn
    io.out(
      `GitHub OIDC provider: ${ownsProvider ? 'kept in the stack' : providerArn ? `${providerArn} (existing)` : 'none yet, the stack creates it'}`
    )
    // The action asks for a token with audience sts.amazonaws.com; STS refuses it otherwise.
    if (provider && !provider.audiences.includes('sts.amazonaws.com'))
      io.out(
        `warning: the provider's audiences (${provider.audiences.join(', ') || 'none'}) lack sts.amazonaws.com, so role assumption will fail. Add it: ` +
          `aws iam add-client-id-to-open-id-connect-provider --open-id-connect-provider-arn ${provider.arn} --client-id sts.amazonaws.com`
      )

    const result = await deployStack(clients.cloudFormation, {
      stackName: options.stackName,
      templateBody: await template('github-oidc-role.yml'),
      parameters: githubRoleParameters(options, providerArn),
      capabilities: ['CAPABILITY_NAMED_IAM'],
      pollMs: io.pollMs
    })
    printStackResult(io, options.stackName, result)
    const roleArn =
      output(result.stack, 'RoleArn') ??
      (
        await step(`Reading the role ${options.roleName}`, () =>
          clients.iam.send(new GetRoleCommand({ RoleName: options.roleName }))
        )
      ).Role?.Arn
    if (!roleArn)
      throw new DeployError(`The stack ${options.stackName} has no role ${options.roleName}.`)
    io.out(`Role ARN (role-to-assume): ${roleArn}`)

    const written = await writeWorkflow(
      workflowPath,
      workflowText({ action, roleArn, bucket: options.bucket, prefix: options.prefix, region })
    )
    io.out(
      written
        ? `Workflow written: ${workflowPath}`
        : `Workflow ${workflowPath} exists: left as it is (set role-to-assume: ${roleArn} in it)`
    )
    io.out(
      'Then: gh variable set HARVEST_ACCOUNT_ID --body <id>; gh secret set HARVEST_ACCESS_TOKEN; commit and push the workflow.'
    )
  } finally {
    clients.destroy()
  }
}
