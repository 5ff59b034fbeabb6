// Builds the committed bundles with ncc: dist/index.js (the action), dist/cli/index.js (the CLI)
// and dist/lambda/index.js (the Lambda handler, zipped by `npm run package:lambda` and by the
// action's publish-lambda). ncc output is byte-identical run to run, so CI can diff dist/
// against a rebuild. The Lambda bundle keeps the AWS SDK inside: the function must not depend
// on whichever SDK version the Lambda runtime happens to ship.
import { execFileSync } from 'node:child_process'
import { rmSync } from 'node:fs'

const ncc = (entry, out, ...flags) =>
  execFileSync(
    'npx',
    ['ncc', 'build', entry, '-o', out, '--license', 'licenses.txt', '-q', ...flags],
    { stdio: 'inherit' }
  )

rmSync('dist', { recursive: true, force: true })
ncc('src/index.ts', 'dist')
ncc('src/cli/index.ts', 'dist/cli', '-m')
ncc('src/lambda.ts', 'dist/lambda', '-m')
