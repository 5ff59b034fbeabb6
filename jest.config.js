import { createDefaultEsmPreset } from 'ts-jest'

/**
 * Tiers (README, Development): `__tests__/unit` needs no server and no child process
 * (`npm run test:fast`), `integration` starts servers in the test process, `e2e` spawns the
 * bundles; `npm test` runs all three.
 * @type {import('jest').Config}
 */
export default {
  ...createDefaultEsmPreset({ tsconfig: 'tsconfig.json' }),
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  // Needs moto_server: `npm run test:aws` (jest.aws.config.js) runs it.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/__tests__/aws-conformance/'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  // Jest's default leaves one core idle on a 2-core machine; servers listen on port 0, so
  // test files never share one.
  maxWorkers: 2,
  testTimeout: 60000
}
