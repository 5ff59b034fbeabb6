import { resolve } from 'node:path'
import { isKeyPrefix } from '../../../src/config/rules.js'
import { loadTemplate } from '../../support/cloudformation.js'

/**
 * A stack created from the console or the AWS CLI skips `deploy`'s checks: the templates'
 * own pattern for the prefix must still refuse what the export refuses (a prefix without
 * its final `/` would scope the roles to `harvest*`).
 */
describe.each(['deploy/lambda.yml', 'deploy/github-oidc-role.yml'])(
  'the ExportPrefix pattern of %s',
  (path) => {
    const parameters = loadTemplate(resolve(path)).Parameters as Record<
      string,
      { AllowedPattern?: string }
    >
    const pattern = new RegExp(parameters.ExportPrefix.AllowedPattern ?? '')

    it.each(['', 'harvest/', 'exports/harvest/', 'zeit+erfassung/'])('accepts %j', (prefix) => {
      expect(isKeyPrefix(prefix)).toBe(true)
      expect(pattern.test(prefix)).toBe(true)
    })

    it.each(['harvest', 'exports/harvest', '/harvest/', 'harvest*/', `${'p'.repeat(512)}/`])(
      'refuses %j, as the export does',
      (prefix) => {
        expect(isKeyPrefix(prefix)).toBe(false)
        expect(pattern.test(prefix)).toBe(false)
      }
    )
  }
)
