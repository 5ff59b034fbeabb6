import { bucketPlacement, Checker, parse } from './flags.js'

export type GithubRoleOptions = ReturnType<typeof githubRoleOptions>

export function githubRoleOptions(argv: string[], env: NodeJS.ProcessEnv) {
  const values = parse(
    'github-role',
    argv,
    ['create-bucket', 'dry-run', 'any-ref'],
    ['bucket', 'prefix', 'region', 'kms-key', 'stack-name', 'repo', 'branch', 'environment'].concat(
      ['role-name', 'workflow']
    )
  )
  const c = new Checker(values)
  const branch = c.text('branch', '')
  const environment = c.text('environment', '')
  if (branch && environment)
    c.reader.problem(
      '--branch and --environment exclude each other: GitHub puts only the environment in the token of a job that uses one.'
    )
  const anyRef = c.flag('any-ref')
  if (anyRef && (branch || environment))
    c.reader.problem('--any-ref trusts every ref, so it excludes --branch and --environment.')
  const repo = c.required('repo')
  const bucket = c.reader.optional('s3Bucket')
  if (bucket === undefined) c.reader.missing('s3Bucket', 'the S3 bucket to write to')
  const options = {
    repo,
    bucket: bucket ?? '',
    ...bucketPlacement(c, env, c.reader.optional('s3Prefix') ?? ''),
    branch,
    environment,
    anyRef,
    stackName: c.text('stack-name', 'harvest-s3-export-github'),
    roleName: c.text('role-name', 'harvest-s3-export-github'),
    workflow: c.text('workflow', '.github/workflows/harvest-export.yml'),
    dryRun: c.flag('dry-run')
  }
  c.done('github-role')
  return options
}
