/** The oldest Node.js major the package supports (package.json `engines`). */
export const MINIMUM_NODE_MAJOR = 22

/**
 * One line for stderr when `version` is older than the package supports: it stands in for the
 * AWS SDK's nine-line NodeVersionSupportWarning, which would land in the middle of the output.
 */
export function nodeVersionNotice(version: string): string | undefined {
  const major = Number(/^v?(\d+)\./.exec(version)?.[1])
  if (!Number.isInteger(major) || major >= MINIMUM_NODE_MAJOR) return undefined
  return `harvest-s3-export needs Node.js ${MINIMUM_NODE_MAJOR} or newer (this is ${version}): this run goes on, but upgrade Node.`
}
