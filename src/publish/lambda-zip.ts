import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import yazl from 'yazl'
import { UserError } from '../errors.js'

/** The release asset's name (README, Publishing the Lambda package) and the file `npm run package:lambda` writes. */
export const LAMBDA_ZIP_NAME = 'harvest-s3-export-lambda.zip'

/**
 * Bundle file -> name in the zip, in the zip's (sorted) order. The handler goes in as
 * `index.mjs`: the extension alone makes Lambda load it as ESM, so no package.json is needed.
 * The bundled packages' licenses travel with their code.
 */
const ENTRIES: ReadonlyArray<{ file: string; name: string; required: boolean }> = [
  { file: 'index.js', name: 'index.mjs', required: true },
  { file: 'licenses.txt', name: 'licenses.txt', required: false }
]

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
  for (const entry of ENTRIES) {
    const content = await readBundleFile(bundleDir, entry.file, entry.required)
    if (content) zip.addBuffer(content, entry.name, ENTRY_OPTIONS)
  }
  zip.end()
  const chunks: Buffer[] = []
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

async function readBundleFile(
  bundleDir: string,
  file: string,
  required: boolean
): Promise<Buffer | undefined> {
  try {
    return await readFile(join(bundleDir, file))
  } catch (error) {
    if (!required && (error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw new UserError(
      `Could not read the Lambda bundle ${join(bundleDir, file)}: ${(error as Error).message}. Run npm run bundle first.`
    )
  }
}
