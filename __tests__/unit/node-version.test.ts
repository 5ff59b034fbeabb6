import { MINIMUM_NODE_MAJOR, nodeVersionNotice } from '../../src/cli/node-version.js'
import { parseJson } from '../support/json.js'
import { readFileSync } from 'node:fs'

describe('the CLI on an older Node.js', () => {
  it('says in one line that Node 22 or newer is needed, naming the version in use', () => {
    const notice = nodeVersionNotice('v20.20.2')
    expect(notice).toBe(
      'harvest-s3-export needs Node.js 22 or newer (this is v20.20.2): this run goes on, but upgrade Node.'
    )
    expect(notice).not.toContain('\n')
    expect(nodeVersionNotice('v18.0.0')).toContain('(this is v18.0.0)')
  })

  it('says nothing on Node 22 and newer', () => {
    for (const version of ['v22.0.0', 'v24.21.0', 'v30.1.2'])
      expect(nodeVersionNotice(version)).toBeUndefined()
  })

  it("agrees with package.json's engines", () => {
    const manifest = parseJson<{ engines: { node: string } }>(readFileSync('package.json', 'utf8'))
    expect(manifest.engines.node).toBe(`>=${MINIMUM_NODE_MAJOR}`)
  })
})
