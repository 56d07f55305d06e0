import { readFileSync } from 'fs';
import { join } from 'path';
import { expectCompliant } from './validation-report';
import { synthExampleApp } from './example-app';

/*
 * A platform team drops the constructs into an app of its own, whose
 * cdk.json may set none of the feature flags the examples use. The
 * constructs set every security property themselves, so the checks find
 * the same nothing. A file of its own so that jest runs it beside
 * compliance.system.test.ts; the CloudFormation schema validation
 * (schema-validation.system.test.ts) does not depend on flags and is not repeated.
 */
describe('compliance of the example stacks in an app without feature flags', () => {
  test('cdk-nag AwsSolutions and the Control Tower controls find nothing unacknowledged', () => {
    const { outdir } = synthExampleApp({ compliance: 'true' }, { featureFlags: false });
    expectCompliant(outdir);
    // Without the flags, not under them: aws-cdk-lib would only add the
    // default security group's restriction under its flag.
    const template = JSON.parse(readFileSync(join(outdir, 'self-hosted-prod-registry.template.json'), 'utf8'));
    const types = Object.values(template.Resources as Record<string, { Type: string }>).map((r) => r.Type);
    expect(types).toContain('Custom::VpcRestrictDefaultSG');
    expect(JSON.stringify(template)).toContain('"arn:",{"Ref":"AWS::Partition"}');
  });
});
