import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import { GetParameterCommand, PutParameterCommand, type SSMClient } from '@aws-sdk/client-ssm'
import { SETTINGS } from '../config/registry.js'
import { ACCOUNT_ID_NEEDED } from '../config/parse-export.js'
import { ConfigError, errorName, HarvestError, httpStatus } from '../errors.js'
import { HarvestClient } from '../harvest/client.js'
import { sha256Hex } from '../util/hash.js'
import { DeployError, step } from './aws-errors.js'
import { ensureBucket, ensureExportBucket } from './bucket.js'
import { callerAccount, createClients } from './clients.js'
import { printPlan, printStackResult, type DeployIo } from './io.js'
import { checkMerged, type LambdaOptions } from './lambda-options.js'
import {
  deployedOptions,
  keptParameters,
  lambdaParameters,
  mergeParameters,
  parameterRecord,
  settingChanges
} from './live-parameters.js'
import { alarmLine, nextSteps } from './next-steps.js'
import { nextRun } from './schedule.js'
import { lambdaZip, template, templateParameterNames } from './package-files.js'
import { deployStack, describeStack, output, stackResources } from './stack.js'

/**
 * `deploy lambda`: the Harvest check, then bucket, token parameter, code zip, stack, in that
 * order (each needs the one before). Every step first looks at what is there and changes only
 * what differs; a setting not given keeps the live stack's value.
 */
export async function deployLambda(requested: LambdaOptions, io: DeployIo): Promise<void> {
  const { zip, source } = await lambdaZip()
  // Named by the zip's SHA-256, so a key never holds two different codes.
  const key = `harvest-s3-export/lambda/${sha256Hex(zip)}.zip`

  // Asked before anything is created, so a cancelled prompt leaves nothing half done.
  const token = io.env.HARVEST_ACCESS_TOKEN?.trim() || (await io.readToken?.())?.trim()
  if (token) io.addSecret(token)
  const clients = createClients(requested.region, io.env)
  try {
    // The account first: every S3 call names it as the bucket owner, and it tells missing credentials plainly.
    const owner = await callerAccount(clients.sts)
    const live = await describeStack(clients.cloudFormation, requested.stackName)
    const liveParameters = live && parameterRecord(live.Parameters)
    const templateBody = await template('lambda.yml')
    const merged = mergeParameters(
      lambdaParameters(requested, key),
      requested.given,
      liveParameters
    )
    const parameters = { ...merged, ...keptParameters(templateBody, merged, liveParameters) }
    if (live) checkMerged(parameters)
    const options = deployedOptions(requested, parameters)
    if (!options.accountId)
      throw new ConfigError([
        `deploy lambda: --account-id is required: ${ACCOUNT_ID_NEEDED}, or HARVEST_ACCOUNT_ID (a rerun keeps the deployed one).`
      ])

    // The token to check: the one given, else the one a rerun keeps.
    const stored = token ? undefined : await readTokenParameter(clients.ssm, options.tokenParameter)
    if (stored) io.addSecret(stored)
    const checked = token || stored
    if (!checked)
      throw new DeployError(
        `No Harvest token: set HARVEST_ACCESS_TOKEN (or run on a terminal to be asked for it); it is stored in the SSM parameter ${options.tokenParameter}.`
      )
    const entries = await checkHarvestAccess(options, checked)
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
        ...settingChanges(parameters, liveParameters, templateParameterNames(templateBody)).map(
          (line) => `    ${line}`
        )
      ])
      io.out(alarmLine(options.alarmEmail))
      return
    }

    const region = await ensureExportBucket(clients.s3, options, io, owner)
    if (options.codeBucket !== options.bucket)
      await ensureBucket(clients.s3, options.codeBucket, {
        createBucket: false,
        region,
        kmsKey: '',
        flag: '--code-bucket',
        owner
      })

    if (token) {
      const name = options.tokenParameter
      const current = await readTokenParameter(clients.ssm, name)
      // Written only when it differs, so the parameter's version and history move only when the token does.
      if (current !== token)
        await step(`Writing the SSM parameter ${name}`, () =>
          clients.ssm.send(
            new PutParameterCommand({
              Name: name,
              Value: token,
              Type: 'SecureString',
              Overwrite: current !== undefined,
              Description:
                'Harvest Personal Access Token read by the harvest-s3-export Lambda function'
            })
          )
        )
      const outcome =
        current === token ? 'unchanged' : current === undefined ? 'created' : 'updated'
      io.out(`Token parameter ${name}: ${outcome}`)
    } else {
      io.out(`Token parameter ${options.tokenParameter}: kept (no HARVEST_ACCESS_TOKEN given)`)
    }

    const upload = await uploadZip(clients.s3, options.codeBucket, key, zip, owner)
    io.out(`Lambda zip s3://${options.codeBucket}/${key}: ${upload}`)

    const result = await deployStack(clients.cloudFormation, {
      stackName: options.stackName,
      templateBody,
      parameters,
      capabilities: ['CAPABILITY_IAM']
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
    const [layout, format, tables] = [SETTINGS.layout, SETTINGS.format, SETTINGS.tables].map(
      (setting) => options.parameters[setting.parameter]
    )
    const deployed = { ...options, layout, format, tables, functionName, region, logGroup }
    for (const line of nextSteps(deployed)) io.out(line)
  } finally {
    clients.destroy()
  }
}

async function readTokenParameter(ssm: SSMClient, name: string): Promise<string | undefined> {
  return step(`Reading the SSM parameter ${name}`, async () => {
    try {
      const answer = await ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }))
      return answer.Parameter?.Value
    } catch (error) {
      if (errorName(error) === 'ParameterNotFound') return undefined
      throw error
    }
  })
}

/**
 * One request through the export's own Harvest client (a `per_page=1` page of time entries),
 * so a refused token or account id gets the advice a scheduled run would give, before anything
 * is deployed. Resolves to the account's number of time entries.
 */
async function checkHarvestAccess(options: LambdaOptions, token: string): Promise<number> {
  const client = new HarvestClient({
    url: options.harvestUrl,
    accountId: options.accountId,
    accessToken: token,
    userAgent: options.userAgent,
    timeoutMs: 20_000,
    // A blip is retried, but a deploy should not sit through the export's 8 s of retries.
    retry: { attempts: 2, baseDelayMs: 500, maxDelayMs: 2_000 }
  })
  const url = new URL(options.harvestUrl)
  url.searchParams.set('per_page', '1')
  try {
    const total = (await client.getDocument(url.toString())).total_entries
    return typeof total === 'number' ? total : 0
  } catch (error) {
    if (!(error instanceof HarvestError)) throw error
    throw new HarvestError(
      [
        'Checking the Harvest token and account id before deploying failed: ',
        ...error.wording,
        ' Nothing was created or changed.'
      ],
      { status: error.status, cause: error }
    )
  } finally {
    client.close()
  }
}

/**
 * Uploads the zip to `bucket` under its content address `key` unless the very same bytes are
 * already there. The key changes exactly when the code does, which is what makes
 * CloudFormation update the function's code (it compares S3Key, never the object's bytes).
 * An object at the key is trusted only once its SHA-256 is checked: anyone who may write to
 * the bucket could have put other code there, which the function would then run with the
 * token. Resolves to what it did, for the output.
 */
async function uploadZip(
  s3: S3Client,
  bucket: string,
  key: string,
  zip: Buffer,
  owner: string
): Promise<string> {
  const sha256 = sha256Hex(zip)
  const found = await step(`Checking s3://${bucket}/${key}`, async () => {
    try {
      const object = await s3.send(
        new GetObjectCommand({ Bucket: bucket, Key: key, ExpectedBucketOwner: owner })
      )
      return sha256Hex(Buffer.from(await object.Body!.transformToByteArray()))
    } catch (error) {
      if (httpStatus(error) === 404) return undefined
      throw error
    }
  })
  if (found === sha256) return 'already there (same SHA-256)'
  await step(`Uploading the Lambda zip to s3://${bucket}/${key}`, () =>
    s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: zip,
        ContentType: 'application/zip',
        ChecksumSHA256: Buffer.from(sha256, 'hex').toString('base64'),
        ExpectedBucketOwner: owner
      })
    )
  )
  if (found === undefined) return 'uploaded'
  return 'replaced: the object there was not the shipped zip (its SHA-256 differed)'
}
