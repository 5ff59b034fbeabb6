// Builds the committed bundles with ncc: dist/index.js (the action) and dist/cli/index.js
// (the CLI). ncc output is byte-identical run to run, so CI can diff dist/ against a rebuild.
import { execFileSync } from 'node:child_process'
import { rmSync } from 'node:fs'

const ncc = (entry, out, ...flags) =>
  execFileSync('npx', ['ncc', 'build', entry, '-o', out, '--license', 'licenses.txt', '-q', ...flags], { stdio: 'inherit' })

rmSync('dist', { recursive: true, force: true })
ncc('src/index.ts', 'dist')
ncc('src/cli/index.ts', 'dist/cli', '-m')
