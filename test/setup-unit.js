/*
 * The unit tier (`npm test`) runs in the jest process only, which keeps it
 * fast: a test that needs a real program (the registry, skopeo, openssl,
 * htpasswd, cfn-guard, a script in a fresh Node process) or the
 * CloudFormation schema engine belongs to the system tier, in a file named
 * `*.system.test.ts`. Both are refused here with a message that says so,
 * rather than slowing the tier down unnoticed.
 */
process.env.REGISTRY_TEST_TIER = 'unit';
const { dirname } = require('path');

jest.mock('child_process', () => {
  const actual = jest.requireActual('child_process');
  const refuse = (name) => (command) => {
    throw new Error(`child_process.${name}(${JSON.stringify(command)}) in a unit test: tests that run programs belong to the system tier (name the file *.system.test.ts; see jest.config.js)`);
  };
  const refused = ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'];
  return { ...actual, ...Object.fromEntries(refused.map((name) => [name, refuse(name)])) };
});

// The schema engine, however a test turns it on (CDK_VALIDATION, or the
// plugin registered by hand); aws-cdk-lib loads it only to validate.
let schemaEngine;
try {
  schemaEngine = require.resolve('@aws/cloudformation-validate', { paths: [dirname(require.resolve('aws-cdk-lib/package.json'))] });
} catch {
  // An aws-cdk-lib without the engine: nothing to refuse.
}
if (schemaEngine) {
  jest.mock(schemaEngine, () => {
    throw new Error('the CloudFormation schema engine in a unit test: schema validation belongs to the system tier (name the file *.system.test.ts; see jest.config.js)');
  });
}
