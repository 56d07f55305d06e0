import { readFileSync } from 'fs';
import { join } from 'path';
import { App, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { enableComplianceChecks } from '../../../examples/compliance';
import { RegistryEnvironment } from '../../../lib/core/environment';
import { newRegistryKey } from '../../../lib/aws/ecr/registry-key';
import { RegistryCdn, RegistryCdnProps } from '../../../lib/aws/self-hosted/registry-cdn';
import { environment } from '../helpers';
import { CERTIFICATE_ARN, WEB_ACL_ARN } from './registry-cdn-fixture';

/*
 * The compliance checks of RegistryCdn: cdk-nag and the Control Tower
 * controls. They are in the system tier because the controls run the
 * cfn-guard binary; registry-cdn.test.ts has the rest.
 */
describe('RegistryCdn compliance', () => {
  interface Violation { ruleName: string; reason?: string; violatingConstructs: Array<{ constructPath: string }> }
  interface PluginReport { pluginName: string; violations: Violation[]; suppressedViolations?: Violation[] }

  /** The storage bucket of a compliant registry, as far as a test fixture goes. */
  function compliantStorage(stack: Stack, env: RegistryEnvironment): Bucket {
    const bucket = new Bucket(stack, 'Storage', {
      encryption: BucketEncryption.KMS,
      encryptionKey: newRegistryKey(stack, 'StorageKey', env, 'blobs'),
      enforceSSL: true,
      versioned: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      lifecycleRules: [{ abortIncompleteMultipartUploadAfter: Duration.days(7) }],
    });
    const fixture = 'Test fixture standing in for the registry storage bucket, which its own construct and tests cover.';
    Validations.of(bucket).acknowledge(
      { id: 'AwsSolutions-S1', reason: fixture },
      { id: 'cdk-validator-cfnguard::s3_bucket_logging_enabled_check', reason: fixture },
      { id: 'cdk-validator-cfnguard::s3_event_notifications_enabled_check', reason: fixture },
      { id: 'cdk-validator-cfnguard::s3_bucket_object_lock_enabled_check', reason: fixture },
    );
    return bucket;
  }

  interface Checked {
    reports: PluginReport[];
    /** Rule ids acknowledged on the construct's tree (and the stack's bucket-emptying function). */
    acknowledged: string[];
  }

  function check(envName: string, props: Partial<RegistryCdnProps> = {}): Checked {
    const app = new App({ analyticsReporting: false });
    enableComplianceChecks(app);
    const stack = new Stack(app, `cdn-${envName}`, { env: { account: '111111111111', region: 'eu-west-1' } });
    const env = environment(envName);
    const cdn = new RegistryCdn(stack, 'Cdn', { environment: env, bucket: compliantStorage(stack, env), ...props });
    let failure: unknown;
    try {
      app.synth();
    } catch (e) {
      failure = e;
    }
    const report: { pluginReports: PluginReport[] } = JSON.parse(readFileSync(join(app.outdir, 'validation-report.json'), 'utf8'));
    const unacknowledged = report.pluginReports.flatMap((p) => p.violations.map((v) =>
      `${p.pluginName} ${v.ruleName} ${v.violatingConstructs.map((c) => c.constructPath).join(',')}`));
    expect(unacknowledged).toEqual([]);
    expect(failure).toBeUndefined();
    const provider = stack.node.tryFindChild('Custom::S3AutoDeleteObjectsCustomResourceProvider');
    const nodes = [...cdn.node.findAll(), ...(provider ? [provider] : [])];
    const acknowledged = nodes.flatMap((node) => node.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.keys(entry.data as object))
      // cdk-nag findings are acknowledged by their bare id, which aws-cdk-lib records as an annotation rule.
      .map((id) => id.replace(/^Annotation::/, '')));
    return { reports: report.pluginReports, acknowledged: [...new Set(acknowledged)].sort() };
  }

  test.each(['dev', 'prod'])('a %s stack has no unacknowledged findings, and every acknowledgement has a reason', (envName) => {
    const { reports, acknowledged } = check(envName);
    const suppressed = reports.flatMap((p) => p.suppressedViolations ?? []);
    expect(suppressed.length).toBeGreaterThan(0);
    for (const violation of suppressed) {
      expect(violation.reason?.length ?? 0).toBeGreaterThan(40);
    }
    expect(acknowledged).toEqual(expect.arrayContaining([
      'AwsSolutions-CFR1', 'AwsSolutions-CFR2', 'AwsSolutions-CFR4', 'AwsSolutions-SMG4', 'AwsSolutions-S1',
      'cdk-validator-cfnguard::lambda_inside_vpc_check', 'cdk-validator-cfnguard::cloudfront_security_policy_check',
    ]));
    expect(acknowledged).not.toContain('AwsSolutions-L1'); // the newest Node.js runtime, fixed rather than acknowledged
    // Handler logs are kept for a year in prod, which the Control Tower control asks for.
    expect(acknowledged.includes('cdk-validator-cfnguard::cloudwatch_log_group_retention_period_check')).toBe(envName === 'dev');
  });

  test('with a web ACL and a custom certificate, the WAF and TLS findings are fixed, not acknowledged', () => {
    const { acknowledged } = check('prod', {
      domainName: 'prod-registry-blobs.example.com',
      certificate: Certificate.fromCertificateArn(new Stack(), 'Cert', CERTIFICATE_ARN),
      webAclArn: WEB_ACL_ARN,
    });
    const fixed = ['AwsSolutions-CFR2', 'AwsSolutions-CFR4', 'cdk-validator-cfnguard::cloudfront_custom_ssl_certificate_check',
      'cdk-validator-cfnguard::cloudfront_sni_enabled_check', 'cdk-validator-cfnguard::cloudfront_security_policy_check'];
    expect(acknowledged.filter((id) => fixed.includes(id))).toEqual([]);
  });
});
