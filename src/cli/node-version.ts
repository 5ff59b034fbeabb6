/** The oldest Node.js major the package supports (package.json `engines`). */
export const MINIMUM_NODE_MAJOR = 22

/**
 * One line for stderr when `version` (process.version) is older than the package supports,
 * else undefined. It stands in for the AWS SDK's nine-line NodeVersionSupportWarning, which
 * would otherwise land in the middle of a run's output.
 */
export function nodeVersionNotice(version: string): string | undefined {
  const major = Number(/^v?(\d+)\./.exec(version)?.[1])
  if (!Number.isInteger(major) || major >= MINIMUM_NODE_MAJOR) return undefined
  return `harvest-s3-export needs Node.js ${MINIMUM_NODE_MAJOR} or newer (this is ${version}): this run goes on, but upgrade Node.`
}
