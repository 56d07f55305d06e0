import { readFileSync } from 'fs';
import { join } from 'path';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { cdkJsonContext } from '../../examples/example-app';
import { pluginReports, withSchemaValidation } from '../../examples/validation-report';
import { ACCOUNT, CACHED_LOOKUP, primaryIn } from './availability-zones-fixture';

/*
 * Literal zone names under aws-cdk-lib's CloudFormation schema validation,
 * as `cdk synth` runs it: in the system tier, because loading the schema
 * engine alone takes seconds.
 */

const context = cdkJsonContext();

/**
 * Whether the installed aws-cdk-lib's CloudFormation validation has cfn-lint's
 * W3010: required of the release the package pins for its own tests.
 */
function schemaValidationHasW3010(): boolean {
  const pinned = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')).devDependencies['aws-cdk-lib'];
  const installed = JSON.parse(readFileSync(require.resolve('aws-cdk-lib/package.json'), 'utf8')).version;
  return installed === pinned;
}

test('zone names chosen on purpose acknowledge CloudFormation validation\'s W3010 (hard-coded zones) with the reason, under schema validation', () => {
  const app = new App({ analyticsReporting: false, context: { ...context, [CACHED_LOOKUP]: ['eu-west-1c', 'eu-west-1b'] } });
  const pinned = new Stack(app, 'pinned', { env: { account: ACCOUNT, region: 'eu-west-1' } });
  primaryIn(pinned, { availabilityZones: ['eu-west-1a', 'eu-west-1b'] });
  const cached = new Stack(app, 'cached', { env: { account: ACCOUNT, region: 'eu-west-1' } });
  primaryIn(cached, {}, 'test');
  // The same literal zone anywhere else is still reported: the rule runs, and the acknowledgement is the registry's own.
  const other = new Stack(app, 'other', { env: { account: ACCOUNT, region: 'eu-west-1' } });
  new CfnResource(other, 'Subnet', { type: 'AWS::EC2::Subnet', properties: { VpcId: 'vpc-12345678', CidrBlock: '10.0.0.0/24', AvailabilityZone: 'eu-west-1a' } });
  // aws-cdk-lib prints the control's finding; the report is what is checked.
  const printed = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  const reports = withSchemaValidation(() => {
    app.synth();
    return pluginReports(app.outdir);
  });
  printed.mockRestore();
  type Violation = { ruleName: string; reason?: string; violatingConstructs: Array<{ constructPath: string }> };
  const schema = reports.find((report) => report.pluginName === 'CloudFormation Validate') as unknown as { violations: Violation[]; suppressedViolations: Violation[] };
  const paths = (violations: Violation[]) => violations.filter((v) => v.ruleName === 'W3010').flatMap((v) => v.violatingConstructs.map((c) => c.constructPath)).sort();
  if (!schemaValidationHasW3010()) {
    // Older aws-cdk-lib releases (the run at the peer floor) validate
    // without this rule: nothing is reported, so nothing needs acknowledging.
    expect(paths(schema?.violations ?? [])).toEqual([]);
    return;
  }
  expect(paths(schema.violations)).toEqual(['other/Subnet']);
  const subnets = (stack: string) => ['public', 'registry'].flatMap((group) => [1, 2].map((n) => `${stack}/Registry/Vpc/${group}Subnet${n}/Subnet`));
  expect(paths(schema.suppressedViolations)).toEqual([...subnets('cached'), ...subnets('pinned')].sort());
  const reasons = schema.suppressedViolations.filter((v) => v.ruleName === 'W3010').map((v) => v.reason);
  expect(reasons).toEqual(expect.arrayContaining([
    expect.stringContaining('pinned on purpose with availabilityZones'),
    expect.stringContaining('cached in cdk.context.json'),
  ]));
});
