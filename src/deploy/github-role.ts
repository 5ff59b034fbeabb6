import {
  GetOpenIDConnectProviderCommand,
  GetRoleCommand,
  ListOpenIDConnectProvidersCommand,
  type IAMClient
} from '@aws-sdk/client-iam'
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { DeployError, step } from './aws-errors.js'
import { ensureExportBucket } from './bucket.js'
import { callerAccount, createClients } from './clients.js'
import type { GithubRoleOptions } from './github-role-options.js'
import { printPlan, printStackResult, type DeployIo } from './io.js'
import { actionRepository, template } from './package-files.js'
import { deployStack, describeStack, output } from './stack.js'
import { keptParameters, parameterRecord } from './live-parameters.js'

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

function trustedWhat(options: GithubRoleOptions): string {
  if (options.environment) return `environment ${options.environment}`
  if (options.anyRef) return 'every branch, tag, pull request and environment'
  return `branch ${options.branch || 'main'}`
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
  if (options.anyRef)
    io.out(
      `warning: --any-ref: the role trusts every branch, tag, pull request and environment of ${options.repo} ` +
        `(sub repo:${options.repo}:*), so anyone who can push a branch or start a workflow there can read and overwrite ` +
        `s3://${options.bucket}/${options.prefix}; without it the role trusts one branch (--branch, default main) or one environment (--environment).`
    )
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

    const templateBody = await template('github-oidc-role.yml')
    const parameters = {
      Repository: options.repo,
      Subject: trustedSubject(options),
      RoleName: options.roleName,
      ExportBucket: options.bucket,
      ExportPrefix: options.prefix,
      ExportBucketKmsKeyArn: options.kmsKey,
      CreateOidcProvider: providerArn ? 'false' : 'true',
      ExistingOidcProviderArn: providerArn ?? ''
    }
    const result = await deployStack(clients.cloudFormation, {
      stackName: options.stackName,
      templateBody,
      // What it has no flag for (MaxSessionDuration, Audience), set by hand, keeps its value.
      parameters: {
        ...parameters,
        ...keptParameters(
          templateBody,
          parameters,
          existing && parameterRecord(existing.Parameters)
        )
      },
      capabilities: ['CAPABILITY_NAMED_IAM']
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

    const text = workflowText({ ...options, action, roleArn, region })
    await mkdir(dirname(workflowPath), { recursive: true })
    // Never over a file already there: it is the user's then.
    const written = await writeFile(workflowPath, text, { flag: 'wx' }).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'EEXIST') return false
        throw error
      }
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

/**
 * The account's IAM OIDC provider for GitHub Actions, if there is one, with its audiences.
 * An account holds at most one provider per URL, and its ARN ends with the URL's host.
 */
async function findGithubOidcProvider(
  iam: IAMClient
): Promise<{ arn: string; audiences: string[] } | undefined> {
  const answer = await step('Listing the IAM OIDC providers', () =>
    iam.send(new ListOpenIDConnectProvidersCommand({}))
  )
  const arn = answer.OpenIDConnectProviderList?.map((provider) => provider.Arn ?? '').find(
    (candidate) => candidate.endsWith(':oidc-provider/token.actions.githubusercontent.com')
  )
  if (!arn) return undefined
  const provider = await step(`Reading the IAM OIDC provider ${arn}`, () =>
    iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }))
  )
  return { arn, audiences: provider.ClientIDList ?? [] }
}

/** The README's scheduled workflow with the deployed role and bucket filled in. */
function workflowText(
  values: Record<'action' | 'roleArn' | 'bucket' | 'prefix' | 'region' | 'environment', string>
): string {
  // A role trusting one environment accepts only the tokens of jobs that run in it.
  const environment = values.environment
    ? `\n    environment: ${JSON.stringify(values.environment)}`
    : ''
  return `# Written by harvest-s3-export deploy github-role. Before it can run, set in the repository:
#   gh variable set HARVEST_ACCOUNT_ID --body <your Harvest account id>
#   gh secret set HARVEST_ACCESS_TOKEN   (paste the Personal Access Token when asked)
name: Harvest export
on:
  schedule:
    - cron: '17 3 * * *' # daily, 03:17 UTC
  workflow_dispatch:
    inputs:
      days-back:
        description: Days before today to re-export
        default: '90'
      from:
        description: Backfill start (YYYY-MM-DD), optional
      to:
        description: Backfill end (YYYY-MM-DD), optional
      dry-run:
        description: Report what would change, write nothing
        type: boolean
        default: false

permissions:
  contents: read
  id-token: write # lets the action assume the AWS role with the workflow's OIDC token

# A scheduled run and a manual one never overlap (writes are conditional anyway).
concurrency:
  group: harvest-export
  cancel-in-progress: false

jobs:
  export:
    runs-on: ubuntu-latest${environment}
    steps:
      - uses: ${values.action}
        id: export
        with:
          harvest-account-id: \${{ vars.HARVEST_ACCOUNT_ID }}
          harvest-access-token: \${{ secrets.HARVEST_ACCESS_TOKEN }}
          s3-bucket: ${values.bucket}
          s3-prefix: '${values.prefix}'
          aws-region: ${values.region}
          role-to-assume: ${values.roleArn}
          # Empty on a scheduled run, so the defaults apply.
          days-back: \${{ inputs.days-back || '90' }}
          from: \${{ inputs.from }}
          to: \${{ inputs.to }}
          dry-run: \${{ inputs.dry-run || false }}
      - run: echo "\${{ steps.export.outputs.days-written }} days written, \${{ steps.export.outputs.deleted }} entries deleted"
`
}
