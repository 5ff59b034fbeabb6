import { SETTINGS } from '../config/registry.js'
import type { LambdaOptions } from './lambda-options.js'
import { createClients } from './clients.js'
import { callerAccount } from './account.js'
import { ensureBucket } from './bucket.js'
import { ensureExportBucket, printStackResult } from './shared-steps.js'
import { DeployError } from './aws-errors.js'
import { lambdaZip, template, templateParameterNames } from './package-files.js'
import { printPlan } from './plan.js'
import { nextRun } from './schedule.js'
import { deployStack, describeStack, output, stackResources } from './stack.js'
import { checkHarvestAccess } from './harvest-check.js'
import { mergeParameters, parameterRecord, settingChanges } from './live-parameters.js'
import { alarmLine, nextSteps, type Deployed } from './next-steps.js'
import { readTokenParameter, writeTokenParameter } from './token-parameter.js'
import { uploadZip, zipKey } from './zip-upload.js'
import type { DeployIo } from './io.js'
import { sha256Hex } from '../util/hash.js'

/** lambda.yml's parameters for these options, defaults included (a rerun then keeps the live values of those not given). */
export function lambdaParameters(options: LambdaOptions, codeKey: string): Record<string, string> {
  return {
    FunctionName: options.functionName,
    CodeBucket: options.codeBucket,
    CodeKey: codeKey,
    HarvestTokenParameterName: options.tokenParameter,
    ExportBucketKmsKeyArn: options.kmsKey,
    ScheduleExpression: options.schedule,
    LogRetentionInDays: String(options.logRetention),
    AlarmEmail: options.alarmEmail,
    ...options.parameters
  }
}

const UPLOAD_OUTCOME = {
  uploaded: 'uploaded',
  'already there': 'already there (same SHA-256)',
  replaced: 'replaced: the object there was not the shipped zip (its SHA-256 differed)'
} as const

/**
 * `deploy lambda`: the Harvest check, then bucket, token parameter, code zip, stack, in that
 * order (each needs the one before). Every step first looks at what is there and changes only
 * what differs; a setting not given keeps the live stack's value.
 */
export async function deployLambda(requested: LambdaOptions, io: DeployIo): Promise<void> {
  const { zip, source } = await lambdaZip()
  const key = zipKey(zip)

  // Asked before anything is created, so a cancelled prompt leaves nothing half done.
  const token = io.env.HARVEST_ACCESS_TOKEN?.trim() || (await io.readToken?.())?.trim()
  if (token) io.addSecret(token)
  const clients = createClients(requested.region, io.env)
  try {
    // The account first: every S3 call names it as the bucket owner, and it tells missing credentials plainly.
    const owner = await callerAccount(clients.sts)
    const live = await describeStack(clients.cloudFormation, requested.stackName)
    const liveParameters = live && parameterRecord(live.Parameters)
    const parameters = mergeParameters(
      lambdaParameters(requested, key),
      requested.given,
      liveParameters
    )
    const options = deployedOptions(requested, parameters)

    // The token to check: the one given, else the one a rerun keeps.
    const stored = token ? undefined : await readTokenParameter(clients.ssm, options.tokenParameter)
    if (stored) io.addSecret(stored)
    const checked = token || stored
    if (!checked)
      throw new DeployError(
        `No Harvest token: set HARVEST_ACCESS_TOKEN (or run on a terminal to be asked for it); it is stored in the SSM parameter ${options.tokenParameter}.`
      )
    const entries = await checkHarvestAccess({
      url: options.harvestUrl,
      accountId: options.accountId,
      token: checked,
      userAgent: options.userAgent
    })
    io.out(
      `Harvest: the ${token ? 'token given' : 'stored token'} reads account ${options.accountId} (${entries} time entries)`
    )

    if (options.dryRun) {
      printPlan(io, [
        options.createBucket
          ? `Create the bucket ${options.bucket} if it does not exist (public access blocked, default encryption ${options.kmsKey ? `SSE-KMS with ${options.kmsKey}` : 'SSE-S3'})`
          : `Check that the bucket ${options.bucket} exists`,
        token
          ? `Store the Harvest token from ${io.env.HARVEST_ACCESS_TOKEN?.trim() ? 'HARVEST_ACCESS_TOKEN' : 'the prompt'} as the SSM SecureString ${options.tokenParameter} (only if it changed)`
          : `Keep the Harvest token stored in the SSM SecureString ${options.tokenParameter}`,
        `Upload the Lambda zip (${zip.length} bytes, sha256 ${sha256Hex(zip)}, from ${source}) to s3://${options.codeBucket}/${key} unless the same bytes are there`,
        live
          ? `Update the CloudFormation stack ${options.stackName} from deploy/lambda.yml, its settings against the live stack:`
          : `Create the CloudFormation stack ${options.stackName} (new stack) from deploy/lambda.yml with:`,
        ...settingChanges(
          parameters,
          liveParameters,
          templateParameterNames(await template('lambda.yml'))
        ).map((line) => `    ${line}`)
      ])
      io.out(alarmLine(options.alarmEmail))
      return
    }

    const region = await ensureExportBucket(clients.s3, options, io, owner)
    if (options.codeBucket !== options.bucket)
      await ensureBucket(clients.s3, options.codeBucket, {
        create: false,
        region,
        kmsKey: '',
        flag: '--code-bucket',
        owner
      })

    if (token) {
      const current = await readTokenParameter(clients.ssm, options.tokenParameter)
      const outcome = await writeTokenParameter(clients.ssm, options.tokenParameter, token, current)
      io.out(`Token parameter ${options.tokenParameter}: ${outcome}`)
    } else {
      io.out(`Token parameter ${options.tokenParameter}: kept (no HARVEST_ACCESS_TOKEN given)`)
    }

    const upload = await uploadZip(clients.s3, options.codeBucket, zip, owner)
    io.out(`Lambda zip s3://${options.codeBucket}/${upload.key}: ${UPLOAD_OUTCOME[upload.outcome]}`)

    const result = await deployStack(clients.cloudFormation, {
      stackName: options.stackName,
      templateBody: await template('lambda.yml'),
      parameters,
      capabilities: ['CAPABILITY_IAM'],
      pollMs: io.pollMs
    })
    printStackResult(io, options.stackName, result)
    const resources = await stackResources(clients.cloudFormation, options.stackName)
    const functionName =
      output(result.stack, 'FunctionName') ?? resources.Function ?? options.functionName
    const logGroup =
      output(result.stack, 'LogGroupName') ??
      resources.LogGroup ??
      `/aws/lambda/${options.functionName}`
    io.out(`Function:  ${functionName} (${region})`)
    io.out(
      `Schedule:  ${options.schedule} (rule ${resources.Schedule ?? 'Schedule'}), next run ${nextRun(options.schedule, new Date())}`
    )
    io.out(`Log group: ${logGroup}`)
    for (const line of nextSteps(deployedFacts(options, functionName, region, logGroup)))
      io.out(line)
  } finally {
    clients.destroy()
  }
}

/** The options as deployed: a value the rerun kept from the live stack replaces the flag's default. */
function deployedOptions(
  options: LambdaOptions,
  parameters: Record<string, string>
): LambdaOptions {
  return {
    ...options,
    prefix: parameters[SETTINGS.s3Prefix.parameter],
    accountId: parameters[SETTINGS.harvestAccountId.parameter],
    parameters: Object.fromEntries(
      Object.keys(options.parameters).map((name) => [name, parameters[name]])
    ),
    functionName: parameters.FunctionName,
    codeBucket: parameters.CodeBucket,
    tokenParameter: parameters.HarvestTokenParameterName,
    kmsKey: parameters.ExportBucketKmsKeyArn,
    schedule: parameters.ScheduleExpression,
    alarmEmail: parameters.AlarmEmail
  }
}

function deployedFacts(
  options: LambdaOptions,
  functionName: string,
  region: string,
  logGroup: string
): Deployed {
  const { layout, format } = SETTINGS
  return {
    ...options,
    layout: options.parameters[layout.parameter],
    format: options.parameters[format.parameter],
    functionName,
    region,
    logGroup
  }
}
