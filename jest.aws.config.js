import base from './jest.config.js'

/**
 * `npm run test:aws`: the conformance suite against moto_server (started by each test file on
 * a free port). Apart from `npm test`, which must pass on a machine with npm alone.
 */
export default {
  ...base,
  roots: ['<rootDir>/__tests__/aws-conformance'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 180000,
  maxWorkers: 1
}
