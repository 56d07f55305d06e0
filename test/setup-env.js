/*
 * aws-cdk-lib validates every synthesized template against the
 * CloudFormation schemas (a WebAssembly engine). That costs more than half of
 * the suite's time, so tests synthesize without it, except the system tests
 * that turn it back on (`withSchemaValidation`): `cdk synth` always runs it.
 */
if (process.env.CDK_VALIDATION === undefined) {
  process.env.CDK_VALIDATION = 'false';
}

/*
 * aws-cdk-lib records a stack trace for every CloudFormation element, every
 * annotation and every acknowledgement, and under jest each trace is mapped
 * through source maps: a sixth of the unit tier's time. No test reads them
 * (the example app turns creation traces off for `cdk synth` too), except
 * the snapshot test, which turns them back on to synthesize as `cdk synth`
 * does and checks that the example app leaves creation traces out. The
 * context comes the way the CDK CLI passes it, so every App a test builds
 * gets it; it holds this one key, so the tests' own context is untouched.
 */
process.env.CDK_DISABLE_STACK_TRACE = '1';
if (process.env.CDK_CONTEXT_JSON === undefined) {
  process.env.CDK_CONTEXT_JSON = JSON.stringify({ 'aws:cdk:disable-creation-stack-traces': true });
}
