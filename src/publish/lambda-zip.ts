import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import yazl from 'yazl'
import { UserError } from '../errors.js'

/** The release asset's name (README, Publishing the Lambda package) and the file `npm run package:lambda` writes. */
export const LAMBDA_ZIP_NAME = 'harvest-s3-export-lambda.zip'

/**
 * Everything that could vary between builds is fixed: DOS timestamps are local time, so a
 * fixed Date alone would still differ between machines in different zones; mode and
 * compression level are explicit rather than left to library defaults.
 */
const ENTRY_OPTIONS = {
  mtime: new Date(1980, 0, 1),
  forceDosTimestamp: true,
  mode: 0o100644,
  compress: true,
  compressionLevel: 9
} as const

/**
 * The Lambda zip built from the ncc bundle in `bundleDir` (dist/lambda): byte-identical for
 * the same bundle, so anyone can rebuild a release asset and compare its SHA-256.
 */
export async function buildLambdaZip(bundleDir: string): Promise<Buffer> {
  const zip = new yazl.ZipFile()
  // The handler goes in as index.mjs: the extension alone makes Lambda load it as ESM, so no
  // package.json is needed. The bundled packages' licenses travel with their code.
  for (const [file, name] of [
    ['index.js', 'index.mjs'],
    ['licenses.txt', 'licenses.txt']
  ]) {
    const path = join(bundleDir, file)
    const content = await readFile(path).catch((error: NodeJS.ErrnoException) => {
      if (name === 'licenses.txt' && error.code === 'ENOENT') return undefined
      throw new UserError(
        `Could not read the Lambda bundle ${path}: ${error.message}. Run npm run bundle first.`
      )
    })
    if (content) zip.addBuffer(content, name, ENTRY_OPTIONS)
  }
  zip.end()
  const chunks: Buffer[] = []
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}
