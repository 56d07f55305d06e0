import { readFileSync } from 'fs';
import { join } from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { enableComplianceChecks } from '../../examples/compliance';
import { synthExampleApp } from './example-app';

interface PluginReport {
  pluginName: string;
  conclusion: string;
  violations: unknown[];
  suppressedViolations: Array<{ ruleName: string; reason?: string }>;
}

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
    const report: { pluginReports: PluginReport[] } = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'));
    // Plugins without findings leave no section (cdk-nag when all are
    // acknowledged); the Control Tower one always reports what it suppressed.
    const guard = report.pluginReports.find((p) => p.pluginName === 'cdk-validator-cfnguard');
    expect(guard?.suppressedViolations.length).toBeGreaterThan(0);
    for (const plugin of report.pluginReports) {
      expect({ plugin: plugin.pluginName, violations: plugin.violations }).toEqual({ plugin: plugin.pluginName, violations: [] });
      expect(plugin.conclusion).toBe('success');
      for (const suppressed of plugin.suppressedViolations) {
        // Every acknowledgement carries a reason a reviewer can check.
        expect(suppressed.reason?.length ?? 0).toBeGreaterThan(40);
      }
    }
  });

  test('the same checks fail a non-compliant stack, so they really run', () => {
    const app = new App({ analyticsReporting: false });
    enableComplianceChecks(app);
    const stack = new Stack(app, 'bad', { env: { region: 'eu-west-1' } });
    new Bucket(stack, 'Plain');
    expect(() => app.synth()).toThrow();
    const outdir = app.outdir;
    const report: { pluginReports: PluginReport[] } = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'));
    const rules = report.pluginReports.flatMap((p) => p.violations.map((v) => (v as { ruleName: string }).ruleName));
    expect(rules).toEqual(expect.arrayContaining([expect.stringMatching(/AwsSolutions-S1/), expect.stringMatching(/^s3_/)]));
  });
});
