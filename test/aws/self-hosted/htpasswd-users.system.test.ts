import { readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, Validations } from 'aws-cdk-lib';
import { Vpc } from 'aws-cdk-lib/aws-ec2';
import { enableComplianceChecks } from '../../../examples/compliance';
import { HtpasswdUsers } from '../../../lib/aws/self-hosted/htpasswd-users';
import { environment, mkdtempSync, stackIn } from './htpasswd-users-fixture';

/*
 * The compliance checks of HtpasswdUsers: cdk-nag and the Control Tower
 * controls. They are in the system tier because the controls run the
 * cfn-guard binary; htpasswd-users.test.ts has the rest.
 */

describe('HtpasswdUsers compliance', () => {
  test('passes cdk-nag AwsSolutions and the Control Tower controls, with reasoned acknowledgements', () => {
    const app = new App({ analyticsReporting: false, outdir: mkdtempSync(join(tmpdir(), 'htpasswd-compliance-')) });
    enableComplianceChecks(app);
    for (const name of ['dev', 'prod'] as const) {
      new HtpasswdUsers(stackIn(app, `users-${name}`), 'Users', { environment: environment(name), users: ['ci', 'alice'] });
    }
    const vpcStack = stackIn(app, 'users-vpc');
    const vpc = new Vpc(vpcStack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    // The VPC's own findings are not this construct's.
    Validations.of(vpc).acknowledge(
      { id: 'AwsSolutions-VPC7', reason: 'test fixture only: flow logs belong to the application VPC, not to this test' },
      { id: 'cdk-validator-cfnguard::subnet_auto_assign_public_ip_disabled_check', reason: 'test fixture only: the default VPC layout has public subnets for its NAT gateway' },
    );
    new HtpasswdUsers(vpcStack, 'Users', { environment: environment('prod'), users: ['ci'], vpc });

    expect(() => app.synth()).not.toThrow();
    const report = JSON.parse(readFileSync(join(app.outdir, 'validation-report.json'), 'utf8'));
    for (const plugin of report.pluginReports as Array<{ pluginName: string; violations: unknown[]; suppressedViolations?: Array<{ reason?: string }> }>) {
      expect({ plugin: plugin.pluginName, violations: plugin.violations }).toEqual({ plugin: plugin.pluginName, violations: [] });
      for (const suppressed of plugin.suppressedViolations ?? []) {
        expect(suppressed.reason?.length ?? 0).toBeGreaterThan(40);
      }
    }
  });
});
