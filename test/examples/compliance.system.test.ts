import { App, Stack } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { enableComplianceChecks } from '../../examples/compliance';
import { synthExampleApp } from './example-app';
import { expectCompliant, pluginReports } from './validation-report';

/*
 * cdk-nag and the Control Tower controls. The CloudFormation schema
 * validation `cdk synth` also runs has a file of its own
 * (schema-validation.system.test.ts), so that jest runs the two side by side.
 */
describe('compliance of the example stacks', () => {
  test('cdk-nag AwsSolutions and the Control Tower controls find nothing unacknowledged', () => {
    expectCompliant(synthExampleApp({ compliance: 'true' }).outdir);
  });

  test('the same checks fail a non-compliant stack, so they really run', () => {
    const app = new App({ analyticsReporting: false });
    enableComplianceChecks(app);
    const stack = new Stack(app, 'bad', { env: { region: 'eu-west-1' } });
    new Bucket(stack, 'Plain');
    expect(() => app.synth()).toThrow();
    const rules = pluginReports(app.outdir).flatMap((p) => p.violations.map((v) => v.ruleName));
    expect(rules).toEqual(expect.arrayContaining([expect.stringMatching(/AwsSolutions-S1/), expect.stringMatching(/^s3_/)]));
  });
});
