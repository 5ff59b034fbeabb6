import { existsSync, readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildLambdaZip, LAMBDA_ZIP_NAME } from '../publish/lambda-zip.js'
import { DeployError } from './aws-errors.js'

/**
 * The package's root: two levels above this code both in the source tree (src/deploy/) and
 * in the installed package (dist/cli/, where ncc puts the CLI and its chunks).
 */
function packageRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
}

export async function template(name: 'lambda.yml' | 'github-oidc-role.yml'): Promise<string> {
  const path = join(packageRoot(), 'deploy', name)
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    throw new DeployError(
      `The template ${path} is missing from the package: ${(error as Error).message}`
    )
  }
}

/**
 * A template's parameters in the order it declares them (the keys indented once under
 * `Parameters:`), so what deploy prints follows the template a person reads, each with its
 * `Default:` unquoted when it has one.
 */
function templateParameters(template: string): Array<{ name: string; fallback?: string }> {
  const section = /^Parameters:\n((?:(?: .*)?\n)*)/m.exec(template)?.[1] ?? ''
  return [...section.matchAll(/^ {2}([A-Za-z0-9]+):\n((?: {4}.*\n)*)/gm)].map(([, name, body]) => {
    const value = /^ {4}Default: *(.*)$/m.exec(body)?.[1]?.trim()
    return value === undefined ? { name } : { name, fallback: unquoted(value) }
  })
}

export function templateParameterNames(template: string): string[] {
  return templateParameters(template).map(({ name }) => name)
}

export function templateDefaults(template: string): Record<string, string> {
  return Object.fromEntries(
    templateParameters(template).flatMap(({ name, fallback }) =>
      fallback === undefined ? [] : [[name, fallback]]
    )
  )
}

function unquoted(scalar: string): string {
  if (/^'.*'$/.test(scalar)) return scalar.slice(1, -1).replaceAll("''", "'")
  if (/^".*"$/.test(scalar)) return JSON.parse(scalar) as string
  return scalar
}

/**
 * The Lambda zip: the one `npm run package:lambda` put into the package (build/), else (a
 * git checkout) the same reproducible bytes zipped from the committed dist/lambda.
 */
export async function lambdaZip(): Promise<{ zip: Buffer; source: string }> {
  const root = packageRoot()
  const packaged = join(root, 'build', LAMBDA_ZIP_NAME)
  if (existsSync(packaged)) return { zip: await readFile(packaged), source: packaged }
  const bundle = join(root, 'dist', 'lambda')
  if (existsSync(join(bundle, 'index.js')))
    return { zip: await buildLambdaZip(bundle), source: bundle }
  throw new DeployError(
    `The Lambda zip is missing: neither ${packaged} nor ${bundle} exists. Reinstall the package, or run npm run bundle && npm run package:lambda in a checkout.`
  )
}

/** OWNER/NAME, from package.json `repository`. */
export function actionRepository(): string {
  const manifest = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as {
    repository?: string | { url?: string }
  }
  const url =
    typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url
  const match = /github\.com[/:]([^/]+\/[^/.]+)/.exec(url ?? '')
  return match ? match[1] : 'OWNER/harvest-s3-export'
}
