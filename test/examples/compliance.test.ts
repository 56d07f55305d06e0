import { App, Stack } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { enableComplianceChecks } from '../../examples/compliance';
import { expectNoUnacknowledgedFindings, validationReport } from './compliance-report';
import { synthExampleApp } from './example-app';

describe('compliance of the example stacks', () => {
  test('cdk-nag AwsSolutions, the Control Tower controls and the CloudFormation schemas find nothing unacknowledged', () => {
    // As under `cdk synth`: aws-cdk-lib's own schema validation runs too (test/setup-env.js turns it off elsewhere).
    const saved = process.env.CDK_VALIDATION;
    delete process.env.CDK_VALIDATION;
    let outdir: string;
    try {
      outdir = synthExampleApp({ compliance: 'true' }).outdir;
    } finally {
      process.env.CDK_VALIDATION = saved;
    }
    expectNoUnacknowledgedFindings(outdir);
  });

  test('the same checks fail a non-compliant stack, so they really run', () => {
    const app = new App({ analyticsReporting: false });
    enableComplianceChecks(app);
    const stack = new Stack(app, 'bad', { env: { region: 'eu-west-1' } });
    new Bucket(stack, 'Plain');
    expect(() => app.synth()).toThrow();
    const report = validationReport(app.outdir);
    const rules = report.pluginReports.flatMap((p) => p.violations.map((v) => (v as { ruleName: string }).ruleName));
    expect(rules).toEqual(expect.arrayContaining([expect.stringMatching(/AwsSolutions-S1/), expect.stringMatching(/^s3_/)]));
  });
});
