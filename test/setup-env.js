/*
 * aws-cdk-lib validates every synthesized template against the
 * CloudFormation schemas (a WebAssembly engine). That costs more than half of
 * the suite's time, so tests synthesize without it, except the compliance
 * test of the example app, which turns it back on: `cdk synth` always runs it.
 */
if (process.env.CDK_VALIDATION === undefined) {
  process.env.CDK_VALIDATION = 'false';
}
