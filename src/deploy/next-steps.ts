import { SETTINGS } from '../config/registry.js'
import { MAX_WINDOW_DAYS } from '../config/rules.js'
import { shellWord } from '../wording.js'
import type { LambdaOptions } from './lambda-options.js'

type Deployed = Pick<LambdaOptions, 'bucket' | 'prefix' | 'accountId' | 'alarmEmail'> &
  Record<'functionName' | 'region' | 'logGroup' | 'layout' | 'format', string> & {
    tables?: string
  }

/**
 * The CLI command that backfills into the deployed function's bucket and prefix, in its
 * layout and format (the CLI's defaults differ from deploy's prefix), with its tables (a
 * backfill without them would leave the months' tables behind their day files), dates left
 * to fill in.
 */
export function backfillCommand(deployed: Deployed): string {
  const flags = [
    `--account-id ${shellWord(deployed.accountId)}`,
    `--bucket ${shellWord(deployed.bucket)}`,
    `--prefix ${shellWord(deployed.prefix)}`,
    `--region ${shellWord(deployed.region)}`
  ]
  if (deployed.layout !== SETTINGS.layout.default) flags.push(`--layout ${deployed.layout}`)
  if (deployed.format !== SETTINGS.format.default) flags.push(`--format ${deployed.format}`)
  if (deployed.tables && deployed.tables !== SETTINGS.tables.default)
    flags.push(`--tables ${deployed.tables}`)
  return `harvest-s3-export ${flags.join(' ')} --from YYYY-MM-DD --to YYYY-MM-DD`
}

/** How to run the function now, where its logs are, how to backfill, and whether anyone is told of a failure. */
export function nextSteps(deployed: Deployed): string[] {
  const { functionName, region, logGroup } = deployed
  return [
    `Run it now: aws lambda invoke --region ${region} --function-name ${functionName} --cli-binary-format raw-in-base64-out --payload '{}' out.json` +
      '   (AWS CLI v2; with v1 leave out --cli-binary-format)',
    `Its logs:   aws logs tail ${logGroup} --follow --region ${region}   (log group ${logGroup})`,
    `Backfill:   HARVEST_ACCESS_TOKEN=... ${backfillCommand(deployed)}`,
    `            (the CLI, writing the same bucket and prefix; at most ${MAX_WINDOW_DAYS} days per run)`,
    alarmLine(deployed.alarmEmail)
  ]
}

export function alarmLine(alarmEmail: string): string {
  return alarmEmail
    ? `Alarm:      a failed run e-mails ${alarmEmail} (confirm the subscription e-mail first)`
    : 'No alarm: a failed run shows only in CloudWatch; add --alarm-email you@example.com to be e-mailed when a run fails.'
}
