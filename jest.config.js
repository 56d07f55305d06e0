/**
 * Type-checking happens once, in `tsc --noEmit` (see `npm test`); jest only
 * strips types with swc, so each test file is not type-checked again.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  setupFiles: ['<rootDir>/test/setup-env.js'],
  testTimeout: 60000,
  // jest's default leaves a core to its own process, which mostly waits: on
  // the 2-core reference machine that is one worker, and the suite takes
  // about twice as long.
  maxWorkers: '100%',
};
