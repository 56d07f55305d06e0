import { readFileSync } from 'fs';
import { join } from 'path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { enableComplianceChecks } from '../../../examples/compliance';
import { fixture, garbageCollection } from './garbage-collection-fixture';

/*
 * The compliance checks of RegistryGarbageCollection: cdk-nag and the
 * Control Tower controls. They are in the system tier because the controls
 * run the cfn-guard binary; garbage-collection.test.ts has the rest.
 */

interface PluginReport {
  pluginName: string;
  conclusion: string;
  violations: Array<{ ruleName: string; violatingResources?: Array<{ resourceLogicalId?: string; constructPath?: string }> }>;
  suppressedViolations: Array<{ ruleName: string; reason?: string; violatingResources?: Array<{ constructPath?: string }> }>;
}

describe('RegistryGarbageCollection, compliance', () => {
  let report: { pluginReports: PluginReport[] };
  beforeAll(() => {
    const app = new App({ analyticsReporting: false });
    enableComplianceChecks(app);
    for (const envName of ['dev', 'prod']) {
      const stack = new Stack(app, `gc-${envName}`, { env: { account: '111111111111', region: 'eu-west-1' } });
      const f = fixture(stack, true);
      garbageCollection(f, { dryRun: false, alarmTopic: new Topic(stack, 'Alarms', { enforceSSL: true }), storage: f.storage }, envName);
      // The fixture around the construct, not the construct, needs these.
      Validations.of(f.vpc).acknowledge({
        id: 'AwsSolutions-VPC7',
        reason: 'A test fixture VPC without traffic; flow logs belong to the registry VPC a real deployment brings.',
      });
      for (const logGroup of f.containerLogs) {
        Validations.of(logGroup).acknowledge({
          id: 'cdk-validator-cfnguard::cloudwatch_log_group_encrypted_check',
          reason: 'The container log groups of this test fixture stand in for the registry task logs a real deployment configures.',
        });
      }
    }
    try {
      app.synth();
    } catch {
      // The report below says what failed.
    }
    report = JSON.parse(readFileSync(join(app.outdir, 'validation-report.json'), 'utf8'));
  });

  test('cdk-nag AwsSolutions and the Control Tower controls find nothing unacknowledged', () => {
    // A plugin without findings may be left out of the report (cdk-nag drops
    // what was acknowledged); test/examples/compliance.system.test.ts proves both run.
    for (const plugin of report.pluginReports) {
      const violations = plugin.violations.map((v) => `${v.ruleName} ${(v.violatingResources ?? []).map((r) => r.constructPath ?? r.resourceLogicalId).join(', ')}`);
      expect({ plugin: plugin.pluginName, violations }).toEqual({ plugin: plugin.pluginName, violations: [] });
      expect(plugin.conclusion).toBe('success');
    }
  });

  test('every acknowledgement of the construct carries a reason a reviewer can check', () => {
    const ours = report.pluginReports.flatMap((p) => p.suppressedViolations ?? [])
      .filter((s) => JSON.stringify(s).includes('/Gc/'));
    expect(ours.length).toBeGreaterThan(0);
    for (const suppressed of ours) {
      expect(suppressed.reason?.length ?? 0).toBeGreaterThan(40);
    }
  });
});
