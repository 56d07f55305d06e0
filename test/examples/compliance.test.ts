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
  test('cdk-nag AwsSolutions and the Control Tower controls find nothing unacknowledged', () => {
    const { outdir } = synthExampleApp({ compliance: 'true' });
    const report: { pluginReports: PluginReport[] } = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'));
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
