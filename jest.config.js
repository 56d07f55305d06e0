/**
 * Two tiers of tests, one config:
 *
 * - `unit` (`npm test`): everything that runs in the jest process, that is
 *   synthesis with aws-cdk-lib and cdktf, policy evaluation, rendering and
 *   handlers. test/setup-unit.js refuses child processes and the
 *   CloudFormation schema engine there, so the tier stays fast.
 * - `system` (`npm run test:system`, files named `*.system.test.ts`): the
 *   tests against real parts, that is the registry binary, skopeo, openssl,
 *   htpasswd, the cfn-guard binary of the Control Tower controls,
 *   aws-cdk-lib's CloudFormation schema engine, and scripts in a fresh Node
 *   process. CI runs both tiers.
 *
 * Type-checking happens once, in `npm run typecheck` (see `npm test`); jest only
 * strips types with swc, so each test file is not type-checked again.
 * @type {import('jest').Config}
 */
const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
};

module.exports = {
  testTimeout: 60000,
  // jest's default leaves a core to its own process, which mostly waits: on
  // the 2-core reference machine that is one worker, and the suite takes
  // about twice as long.
  maxWorkers: '100%',
  // Threads rather than processes: about a tenth less time on that machine.
  workerThreads: true,
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: ['\\.system\\.test\\.ts$'],
      setupFiles: ['<rootDir>/test/setup-env.js', '<rootDir>/test/setup-unit.js'],
    },
    {
      ...shared,
      displayName: 'system',
      testMatch: ['**/*.system.test.ts'],
      setupFiles: ['<rootDir>/test/setup-env.js'],
    },
  ],
};
