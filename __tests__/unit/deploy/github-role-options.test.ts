import { trustedSubject } from '../../../src/deploy/github-role.js'
import { githubRoleOptions } from '../../../src/deploy/github-role-options.js'
import { configErrorOf } from '../../support/config-error.js'

describe('deploy github-role flags', () => {
  it('needs --repo and --bucket, and refuses --branch with --environment', async () => {
    const message = await configErrorOf(() =>
      githubRoleOptions(['--branch', 'main', '--environment', 'prod'], {})
    )
    expect(message).toContain('--repo is required')
    expect(message).toContain('--bucket is required')
    expect(message).toContain('--branch and --environment exclude each other')
  })

  it('refuses wildcards in the branch: the trust policy would match other branches', async () => {
    expect(
      await configErrorOf(() =>
        githubRoleOptions(['--repo', 'a/b', '--bucket', 'acme-b', '--branch', 'release/*'], {})
      )
    ).toContain('--branch "release/*" is not valid')
  })

  it('trusts the branch main unless told otherwise, and every ref only with --any-ref', async () => {
    const base = ['--repo', 'a/b', '--bucket', 'acme-b']
    expect(trustedSubject(githubRoleOptions(base, {}))).toBe('ref:refs/heads/main')
    expect(trustedSubject(githubRoleOptions([...base, '--branch', 'release'], {}))).toBe(
      'ref:refs/heads/release'
    )
    expect(trustedSubject(githubRoleOptions([...base, '--environment', 'prod'], {}))).toBe(
      'environment:prod'
    )
    expect(trustedSubject(githubRoleOptions([...base, '--any-ref'], {}))).toBe('*')
    expect(
      await configErrorOf(() => githubRoleOptions([...base, '--any-ref', '--branch', 'main'], {}))
    ).toContain('--any-ref trusts every ref, so it excludes --branch and --environment')
  })
})
