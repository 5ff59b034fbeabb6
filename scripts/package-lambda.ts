// `npm run package:lambda [-- <out.zip>]`: zips the committed Lambda bundle (dist/lambda, built
// by `npm run bundle`) into build/harvest-s3-export-lambda.zip, the same bytes publish-lambda
// uploads to a release. Prints the size and a `sha256sum -c` compatible line to compare with
// the release's sha256 output.
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { buildLambdaZip, LAMBDA_ZIP_NAME } from '../src/publish/lambda-zip.js'
import { sha256Hex } from '../src/util/hash.js'

const out = process.argv[2] ?? join('build', LAMBDA_ZIP_NAME)
const zip = await buildLambdaZip(join('dist', 'lambda'))
await mkdir(dirname(out), { recursive: true })
await writeFile(out, zip)
console.log(`${out}: ${zip.length} bytes (${(zip.length / 1024).toFixed(1)} KiB)`)
console.log(`${sha256Hex(zip)}  ${out}`)
