// `node scripts/major-tag.mjs <release-tag> [--prerelease] [--push]`, run by the release job:
// decides whether the release moves its major tag (v1) and which npm dist-tag it gets, then
// (with --push) moves the tag. Only the highest non-prerelease vMAJOR.MINOR.PATCH of its
// major moves vMAJOR: a backport (v1.3.5 published after v1.4.0) must not move v1 backwards,
// nor become npm's `latest` while a newer release exists.
import { execFileSync } from 'node:child_process'
import { appendFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** [major, minor, patch] of a plain vMAJOR.MINOR.PATCH tag; undefined for anything else. */
export function parseVersion(tag) {
  const match = /^v(\d+)\.(\d+)\.(\d+)$/.exec(tag)
  return match ? match.slice(1).map(Number) : undefined
}

const compare = (a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]

/**
 * What a release does with the tags: `tags` are the repository's tags (the release's own
 * included). Returns { moveMajor, major, npmTag, reason }.
 */
export function releasePlan({ tag, prerelease, tags }) {
  const version = parseVersion(tag)
  if (prerelease || !version) {
    return {
      moveMajor: false,
      npmTag: 'next',
      reason: prerelease
        ? `${tag} is a pre-release: the major tag is not moved`
        : `${tag} is not vMAJOR.MINOR.PATCH: the major tag is not moved`
    }
  }
  const major = `v${version[0]}`
  const releases = [...new Set([...tags, tag])].map(parseVersion).filter(Boolean)
  const newestOfMajor = releases
    .filter((v) => v[0] === version[0])
    .sort(compare)
    .at(-1)
  const newest = releases.sort(compare).at(-1)
  if (compare(version, newestOfMajor) < 0) {
    return {
      moveMajor: false,
      major,
      npmTag: `latest-${version[0]}-${version[1]}`,
      reason: `${tag} is older than v${newestOfMajor.join('.')}: ${major} stays where it is`
    }
  }
  return {
    moveMajor: true,
    major,
    npmTag: compare(version, newest) === 0 ? 'latest' : `latest-${version[0]}`,
    reason: `${tag} is the newest ${major} release: ${major} moves to it`
  }
}

function main(argv) {
  const tag = argv.find((arg) => !arg.startsWith('--'))
  if (!tag)
    throw new Error('usage: node scripts/major-tag.mjs <release-tag> [--prerelease] [--push]')
  const git = (...args) => execFileSync('git', args, { encoding: 'utf8' }).trim()
  const tags = git('tag', '--list', 'v*').split('\n').filter(Boolean)
  const plan = releasePlan({ tag, prerelease: argv.includes('--prerelease'), tags })
  console.log(plan.reason)
  if (process.env.GITHUB_OUTPUT) {
    appendFileSync(
      process.env.GITHUB_OUTPUT,
      `npm-tag=${plan.npmTag}\nmove-major=${plan.moveMajor}\n`
    )
  }
  if (plan.moveMajor && argv.includes('--push')) {
    const commit = git('rev-parse', `${tag}^{commit}`)
    git('tag', '--force', plan.major, commit)
    git('push', '--force', 'origin', `refs/tags/${plan.major}`)
    console.log(`Moved ${plan.major} to ${commit} (${tag})`)
    if (process.env.GITHUB_STEP_SUMMARY)
      appendFileSync(process.env.GITHUB_STEP_SUMMARY, `Moved ${plan.major} to ${commit} (${tag})\n`)
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main(process.argv.slice(2))
