import { mkdir, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'

export interface WorkflowValues {
  action: string
  roleArn: string
  bucket: string
  prefix: string
  region: string
}

/** The README's scheduled workflow with the deployed role and bucket filled in. */
export function workflowText(values: WorkflowValues): string {
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
    runs-on: ubuntu-latest
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

/** Writes the workflow unless a file is already there (it is the user's then); true when written. */
export async function writeWorkflow(path: string, text: string): Promise<boolean> {
  await mkdir(dirname(path), { recursive: true })
  try {
    await writeFile(path, text, { flag: 'wx' })
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  }
}
