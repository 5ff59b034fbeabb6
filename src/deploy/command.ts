import type { ReadStream } from 'node:tty'
import { deployOptionsHelp } from '../config/help.js'
import { ConfigError, userMessage } from '../errors.js'
import { redact } from '../util/redact.js'
import { spellerFor } from '../config/setting-names.js'
import { DEPLOY_LAMBDA_NAMES } from './flags.js'
import { githubRoleOptions } from './github-role-options.js'
import { lambdaOptions } from './lambda-options.js'
import { deployGithubRole } from './github-role.js'
import { promptHidden, type DeployIo } from './io.js'
import { deployLambda } from './lambda.js'
import { DeployError } from './aws-errors.js'

const DEPLOY_HELP = `Usage:
  harvest-s3-export deploy lambda --bucket B [options]
  harvest-s3-export deploy github-role --repo OWNER/NAME --bucket B [options]

deploy lambda: the scheduled Lambda function from nothing, in one command. Creates the bucket
(with --create-bucket), stores the Harvest token as an SSM SecureString, uploads the Lambda zip
shipped in this package and creates or updates the CloudFormation stack of deploy/lambda.yml.
The token comes from HARVEST_ACCESS_TOKEN or a hidden prompt on a terminal (never a flag); the
account id from --account-id or HARVEST_ACCOUNT_ID (a rerun keeps the deployed one); both are
checked with one Harvest request before anything is deployed. Rerunning updates in place; a setting not given keeps its deployed
value (a switch is turned off with --no-SWITCH, e.g. --no-changes).
  --region R            AWS region (AWS_REGION)           --create-bucket   create the bucket if missing
  --kms-key ARN         the bucket's SSE-KMS key          --code-bucket B   bucket for the zip (--bucket)
  --schedule EXPR       cron(0 2 * * ? *)                 --stack-name N    harvest-s3-export
  --function-name N     the stack name                    --token-parameter /STACK/access-token
  --alarm-email E       e-mail told when a run fails      --log-retention D 90 (days)
  --dry-run             check the token, print each setting against the live stack, change nothing
  --harvest-url URL     where the token check asks Harvest (not deployed)
The export's settings, as the deployed function reads them (--bucket is required, --prefix\ndefaults to harvest/):
${deployOptionsHelp()}

deploy github-role: the IAM role a GitHub Actions workflow of one repository assumes with its
OIDC token (deploy/github-oidc-role.yml; the account's GitHub OIDC provider is found, or
created), then .github/workflows/harvest-export.yml unless it exists.
  --repo OWNER/NAME     repository (required)             --bucket B        export bucket (required)
  --prefix P            harvest/                          --region R        AWS region
  --branch NAME         only this branch (default main)   --environment E   only jobs of this environment
  --any-ref             every branch, tag and PR (warned)
  --create-bucket       create the bucket if missing      --kms-key ARN     the bucket's SSE-KMS key
  --stack-name N        harvest-s3-export-github          --role-name N     harvest-s3-export-github
  --workflow PATH       .github/workflows/harvest-export.yml                --dry-run

AWS credentials and region come from the usual places (AWS_PROFILE, aws sso login, env vars);
AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> point the clients elsewhere.
Exit status: 0 done, 1 an AWS step failed (the message names the resource and why), 2 bad flags.
`

/** `harvest-s3-export deploy ...`: resolves to the exit status. */
export async function deploy(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<DeployIo> = {}
): Promise<number> {
  const secrets: Array<string | undefined> = [env.HARVEST_ACCESS_TOKEN]
  const io: DeployIo = {
    out: (line) => void process.stdout.write(redact(line, secrets) + '\n'),
    env,
    cwd: process.cwd(),
    readToken: async () => {
      if (!process.stdin.isTTY) return undefined
      const question = 'Harvest access token (input hidden; Enter keeps the stored one): '
      return promptHidden(question, process.stdin as ReadStream, process.stderr).catch(() => {
        throw new DeployError('Cancelled at the token prompt: nothing was changed.')
      })
    },
    addSecret: (value) => void secrets.push(value),
    ...overrides
  }
  const [command, ...rest] = argv
  try {
    if ([undefined, '--help', '-h'].includes(command) || rest.includes('--help')) {
      process.stdout.write(DEPLOY_HELP)
      return command === undefined ? 2 : 0
    }
    if (command === 'lambda') await deployLambda(lambdaOptions(rest, env), io)
    else if (command === 'github-role') await deployGithubRole(githubRoleOptions(rest, env), io)
    else
      throw new ConfigError([
        `deploy: unknown target ${JSON.stringify(command)}: use deploy lambda or deploy github-role.`
      ])
    return 0
  } catch (error) {
    process.stderr.write(
      `harvest-s3-export deploy: ${userMessage(error, secrets, spellerFor(DEPLOY_LAMBDA_NAMES))}\n`
    )
    return error instanceof ConfigError ? 2 : 1
  }
}
