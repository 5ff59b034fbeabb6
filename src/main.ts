import * as core from '@actions/core'
import { parseConfig } from './config/parse.js'
import { INPUT_NAMES, SECRET_INPUTS, secretValues, type RawSettings } from './config/inputs.js'
import { UserError, userMessage } from './errors.js'
import { completedSummary } from './export/closed-failure.js'
import type { ExportSummary, RunObserver } from './export/types.js'
import { summaryMarkdown } from './report/markdown.js'
import { summaryOutputs } from './report/outputs.js'
import { daysLeft } from './report/summary.js'
import { exportFromConfig } from './run-export.js'
import { assumeRoleWithOidc } from './aws/oidc.js'
import { publishLambda } from './publish/publish-lambda.js'
import type { AwsCredentials, VerifyConfig } from './config/config.js'
import {
  verifyHeadline,
  verifyMarkdown,
  verifyOutputs,
  verifyText,
  type RepairSpelling
} from './report/verify-report.js'
import { verifyFromConfig } from './run-verify.js'
import { redact } from './util/redact.js'
import { ACTION_NAMES, spellerFor } from './config/setting-names.js'
import { SETTINGS } from './config/registry.js'
import { insecureEndpointWarning } from './config/parse-export.js'

/** The action's inputs as raw settings (the runner fills action.yml defaults in; parse fills the rest). */
function readInputs(): RawSettings {
  const raw: RawSettings = {}
  for (const name of INPUT_NAMES) {
    const value = core.getInput(name, { trimWhitespace: false })
    if (SECRET_INPUTS.has(name) && value.trim()) core.setSecret(value.trim())
    if (value.trim() !== '') raw[name] = { value, label: `input ${name}` }
  }
  return raw
}

const observer: RunObserver = {
  log: { info: (message) => core.info(message), warn: (message) => core.warning(message) },
  phase: (name, work) => core.group(name, work)
}

/** Outputs, a log line and the job summary of a run that got to its end. */
async function report(summary: ExportSummary): Promise<void> {
  for (const [name, value] of Object.entries(summaryOutputs(summary))) core.setOutput(name, value)
  const left = daysLeft(summary.days)
  core.info(
    `${summary.dryRun ? 'Dry run: would write' : 'Wrote'} ${summary.daysWritten} day files (${summary.daysEmptied} emptied), ` +
      `${left.unchanged} unchanged, ${left.withoutEntries} without entries; entries +${summary.added} ~${summary.updated} -${summary.deleted}`
  )
  if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(summaryMarkdown(summary)).write()
}

/** A repair is the same action run as an export over the affected months. */
const ACTION_REPAIRS: RepairSpelling = {
  backfill: (from, to, tables) =>
    `run this action with ${SETTINGS.command.input}: export, ${SETTINGS.from.input}: ${from}, ${SETTINGS.to.input}: ${to}` +
    (tables ? `, ${SETTINGS.tables.input}: parquet` : '') +
    ' (other inputs unchanged)',
  export: (resources) =>
    `run this action with ${SETTINGS.command.input}: export and ${SETTINGS.resources.input} including ${resources.join(', ')}`
}

/** `command: verify`: outputs, the report in the log and the job summary; fails when not whole. */
async function verifyStep(config: VerifyConfig, credentials?: AwsCredentials): Promise<void> {
  const result = await core.group('Verify the archive', () =>
    verifyFromConfig(config, observer.log, { credentials })
  )
  for (const [name, value] of Object.entries(verifyOutputs(result))) core.setOutput(name, value)
  core.info(verifyText(result, ACTION_REPAIRS))
  if (process.env.GITHUB_STEP_SUMMARY)
    await core.summary.addRaw(verifyMarkdown(result, ACTION_REPAIRS)).write()
  if (result.problems.length > 0)
    core.setFailed(
      `The archive is not whole: ${verifyHeadline(result)} The job summary lists the problems and their repairs.`
    )
}

/** The action: inputs -> validated config -> engine -> outputs and job summary. */
export async function run(): Promise<void> {
  const raw = readInputs()
  const secrets = secretValues(raw)
  try {
    const config = parseConfig(raw)
    // With role-to-assume, S3 (and Lambda) calls of this step use the role's temporary credentials.
    const credentials = config.aws.roleToAssume
      ? await core.group('Assume AWS role', () =>
          assumeRoleWithOidc(config.aws, {
            getIdToken: (audience) => core.getIDToken(audience),
            mask: (secret) => core.setSecret(secret),
            log: (message) => core.info(message)
          })
        )
      : undefined
    if (config.command === 'publish-lambda') {
      const { endpoint, insecureEndpoint } = config.publish
      if (insecureEndpoint && endpoint)
        core.warning(insecureEndpointWarning(endpoint, config.names))
      const published = await publishLambda(
        config.publish,
        { ...config.aws, credentials },
        (message) => core.info(message)
      )
      core.setOutput('asset-url', published.assetUrl)
      core.setOutput('sha256', published.sha256)
      return
    }
    if (config.command === 'verify') return await verifyStep(config, credentials)
    await report(await exportFromConfig(config, observer, { credentials }))
  } catch (error) {
    const completed = completedSummary(error)
    if (completed) await report(completed)
    if (!(error instanceof UserError) && error instanceof Error && error.stack)
      core.debug(redact(error.stack, secrets))
    core.setFailed(userMessage(error, secrets, spellerFor(ACTION_NAMES)))
  }
}
