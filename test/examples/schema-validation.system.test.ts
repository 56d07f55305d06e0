import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { synthExampleApp } from './example-app';
import { expectNothingUnacknowledged, pluginReports, withSchemaValidation } from './validation-report';

const SCHEMA_PLUGIN = 'CloudFormation Validate';

describe('CloudFormation schema validation of the example stacks, as under `cdk synth`', () => {
  test('finds nothing', () => {
    // The report exists only when a validation ran; the schema plugin, like
    // cdk-nag, leaves no section of its own when it finds nothing.
    const reports = withSchemaValidation(() => pluginReports(synthExampleApp().outdir));
    expectNothingUnacknowledged(reports);
  });

  test('reports a property the resource type does not have, so it really runs', () => {
    const app = new App({ analyticsReporting: false });
    const stack = new Stack(app, 'bad', { env: { region: 'eu-west-1' } });
    new CfnResource(stack, 'Bucket', { type: 'AWS::S3::Bucket', properties: { VersioningConfiguration: { Status: 'Sometimes' } } });
    const reports = withSchemaValidation(() => {
      app.synth();
      return pluginReports(app.outdir);
    });
    expect(reports.find((p) => p.pluginName === SCHEMA_PLUGIN)?.violations.length).toBeGreaterThan(0);
  });
});
