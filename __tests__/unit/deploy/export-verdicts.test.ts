import { parseExportConfig } from '../../../src/config/parse-export.js'
import { CLI_NAMES } from '../../../src/config/setting-names.js'
import { lambdaOptions } from '../../../src/deploy/lambda-options.js'

/**
 * `deploy lambda` reads the export's settings through the export's own rules: a value the
 * deployed function would refuse is refused before anything is deployed, and a value it
 * accepts is deployed.
 */
const NOW = new Date('2025-06-15T12:00:00Z')

function exportAccepts(flag: string, value: string): boolean {
  const raw = {
    'harvest-account-id': { value: '42', label: '--account-id' },
    'harvest-access-token': { value: 'token', label: 'HARVEST_ACCESS_TOKEN' },
    's3-bucket': { value: 'acme-harvest', label: '--bucket' },
    [flag]: { value, label: `--${flag}` }
  }
  try {
    parseExportConfig(raw, { names: CLI_NAMES, env: {}, now: NOW })
    return true
  } catch {
    return false
  }
}

function deployAccepts(flag: string, value: string): boolean {
  try {
    lambdaOptions(['--account-id', '42', '--bucket', 'acme-harvest', `--${flag}=${value}`], {})
    return true
  } catch {
    return false
  }
}

describe('deploy lambda and the export give the same verdict', () => {
  it.each([
    // [export input, deploy flag, value, accepted]
    ['s3-bucket', 'bucket', 'acme-harvest', true],
    ['s3-bucket', 'bucket', 'a.b.c', true],
    ['s3-bucket', 'bucket', 'Bad_Bucket', false],
    ['s3-bucket', 'bucket', 'sthree-harvest', false],
    ['s3-bucket', 'bucket', 'harvest-s3alias', false],
    ['s3-bucket', 'bucket', 'a.-b', false],
    ['s3-bucket', 'bucket', 'xn--harvest', false],
    ['s3-bucket', 'bucket', '192.168.1.1', false],
    ['s3-prefix', 'prefix', 'harvest/', true],
    ['s3-prefix', 'prefix', 'exports/2025 harvest/', true],
    ['s3-prefix', 'prefix', 'zeit+erfassung/', true],
    ['s3-prefix', 'prefix', '/harvest/', false],
    ['s3-prefix', 'prefix', 'a/../b/', false],
    ['s3-prefix', 'prefix', './harvest/', false],
    ['s3-prefix', 'prefix', 'a//b/', false],
    ['s3-prefix', 'prefix', 'harvest*/', false],
    ['days-back', 'days-back', '0', true],
    ['days-back', 'days-back', '3660', true],
    ['days-back', 'days-back', '3661', false],
    ['days-back', 'days-back', '-1', false],
    ['days-back', 'days-back', '7.5', false],
    ['late-edits', 'late-edits', 'ignore', true],
    ['late-edits', 'late-edits', 'never', false],
    ['late-edits', 'late-edits', 'SYNC', false],
    ['latest-key', 'latest-key', 'harvest-data.json', true],
    ['latest-key', 'latest-key', '20250131.json', false],
    ['latest-key', 'latest-key', '../harvest-data.json', false],
    ['resources', 'resources', 'all, clients', true],
    ['resources', 'resources', 'planets', false],
    ['timezone', 'timezone', 'Mars/Olympus', false]
  ])('%s / --%s %j: accepted %s', (input, flag, value, accepted) => {
    expect(exportAccepts(input, value)).toBe(accepted)
    expect(deployAccepts(flag, value)).toBe(accepted)
  })
})
