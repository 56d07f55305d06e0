import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, CfnOutput, CfnResource, Fn, Stack } from 'aws-cdk-lib';
import { Bucket, CfnBucket } from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { cliDeployOrder, deployOrderViolations, readAssembly } from '../support/deploy-order';
import { providedBeforeDeploy } from './example-app';

/** Synthesizes `build`'s app into a fresh directory and returns the violations. */
function violationsOf(build: (app: App) => void): string[] {
  const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'deploy-order-')), analyticsReporting: false });
  build(app);
  return deployOrderViolations(readAssembly(app.synth().directory), providedBeforeDeploy);
}

const env = (region: string) => ({ env: { account: '111111111111', region } });

describe('the deploy-order check fails what would fail at deploy time', () => {
  test('the wiring the example had: the replica first, reading a secret the primary creates and replicates later', () => {
    const violations = violationsOf((app) => {
      const replica = new Stack(app, 'replica', env('eu-central-1'));
      new Bucket(replica, 'Images', { bucketName: 'images-eu-central-1', versioned: true });
      new CfnResource(replica, 'Task', {
        type: 'AWS::ECS::TaskDefinition',
        properties: { ContainerDefinitions: [{ Secrets: [{ Name: 'HTPASSWD', ValueFrom: Secret.fromSecretNameV2(replica, 'Htpasswd', 'reg/htpasswd').secretArn }] }] },
      });
      const primary = new Stack(app, 'primary', env('eu-west-1'));
      new Secret(primary, 'Htpasswd', { secretName: 'reg/htpasswd', replicaRegions: [{ region: 'eu-central-1' }] });
      primary.addStackDependency(replica);
    });
    expect(violations).toEqual([expect.stringMatching(/^replica uses secret "reg\/htpasswd" \(eu-central-1\) at .*ValueFrom, which primary creates later$/)]);
  });

  test('the other order: replication to a bucket that a later stack creates', () => {
    const violations = violationsOf((app) => {
      const primary = new Stack(app, 'a-primary', env('eu-west-1'));
      const bucket = new Bucket(primary, 'Images', { versioned: true });
      (bucket.node.defaultChild as CfnBucket).replicationConfiguration = {
        role: 'arn:aws:iam::111111111111:role/replication',
        rules: [{ status: 'Enabled', destination: { bucket: 'arn:aws:s3:::images-eu-central-1' } }],
      };
      new Bucket(new Stack(app, 'b-replica', env('eu-central-1')), 'Images', { bucketName: 'images-eu-central-1', versioned: true });
    });
    expect(violations).toEqual([expect.stringMatching(/^a-primary uses bucket "images-eu-central-1" \(global\) at .*Destination\/Bucket, which b-replica creates later$/)]);
  });

  test('a name nothing creates, and a name created earlier only by luck of the alphabet (no dependency)', () => {
    const violations = violationsOf((app) => {
      const first = new Stack(app, 'a', env('eu-west-1'));
      new CfnResource(first, 'Parameter', { type: 'AWS::SSM::Parameter', properties: { Name: '/reg/switch', Type: 'String', Value: '{}' } });
      const second = new Stack(app, 'b', env('eu-west-1'));
      new CfnResource(second, 'Uses', {
        type: 'AWS::IAM::ManagedPolicy',
        properties: {
          PolicyDocument: {
            Statement: [
              { Effect: 'Allow', Action: 'ssm:GetParameter', Resource: `arn:aws:ssm:eu-west-1:111111111111:parameter/reg/switch` },
              { Effect: 'Allow', Action: 'kms:Decrypt', Resource: 'arn:aws:kms:eu-west-1:111111111111:alias/nobody-creates-this' },
            ],
          },
        },
      });
    });
    expect(violations).toEqual([
      expect.stringMatching(/^b uses ssm parameter "reg\/switch" \(eu-west-1\) .*created by a, without depending on it$/),
      expect.stringMatching(/^b uses kms alias "alias\/nobody-creates-this" \(eu-west-1\) .*which no stack creates$/),
    ]);
  });

  test('exports and stack outputs are names too', () => {
    const violations = violationsOf((app) => {
      const user = new Stack(app, 'a-user', env('eu-west-1'));
      new CfnOutput(user, 'Uses', { value: Fn.join('/', [Fn.importValue('shared-vpc-id'), Fn.getStackOutput('b-producer', 'Value', 'eu-central-1')]) });
      const producer = new Stack(app, 'b-producer', env('eu-central-1'));
      new CfnOutput(producer, 'Value', { value: 'x' });
    });
    expect(violations).toEqual([
      expect.stringMatching(/^a-user uses export "shared-vpc-id" \(eu-west-1\) .*which no stack creates$/),
      expect.stringMatching(/^a-user uses stack output "b-producer\/Value" \(eu-central-1\) .*which b-producer creates later$/),
    ]);
  });

  test('the order is the CLI\'s: rounds of ready stacks, each sorted by id', () => {
    const stack = (id: string, dependencies: string[] = []) => ({ id, account: 'A', region: 'r', template: {}, dependencies });
    expect(cliDeployOrder([stack('c', ['z']), stack('z'), stack('b'), stack('a', ['c'])]).map((s) => s.id)).toEqual(['b', 'z', 'c', 'a']);
    expect(() => cliDeployOrder([stack('a', ['b']), stack('b', ['a'])])).toThrow('could not determine ordering between: a, b');
  });
});
