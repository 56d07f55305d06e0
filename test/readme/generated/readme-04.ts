// Generated from a block of README.md (fixture "aws-app") by test/readme/snippets.ts: do not edit.
import * as $cdk from 'aws-cdk-lib';
import * as $iam from 'aws-cdk-lib/aws-iam';
import * as $core from '../../../lib';
const $shared = { domain: 'example.com', primaryRegion: 'eu-west-1', replicaRegions: ['eu-central-1'] };
const dev = new $core.RegistryEnvironment({ environment: 'dev', ...$shared });
const test = new $core.RegistryEnvironment({ environment: 'test', ...$shared });
const prod = new $core.RegistryEnvironment({ environment: 'prod', ...$shared });
const app = new $cdk.App();
const stack = new $cdk.Stack(app, 'registry', { env: { region: 'eu-west-1' } });
const settingsStack = new $cdk.Stack(app, 'settings', { env: { region: 'eu-west-1' } });
const replicaStack = new $cdk.Stack(app, 'replica', { env: { region: 'eu-central-1' } });
const ciRole = new $iam.Role(stack, 'CiRole', { assumedBy: new $iam.ServicePrincipal('codebuild.amazonaws.com') });
import { HostedZone } from 'aws-cdk-lib/aws-route53';
import { RegistryAuthentication, SelfHostedRegistry } from '../../../lib/aws';

new SelfHostedRegistry(stack, 'Registry', {
  environment: dev,
  hostedZone: HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789', zoneName: 'example.com' }),
  authentication: RegistryAuthentication.htpasswd(['ci']),
  imageDigest: app.node.tryGetContext('registryImageDigest'), // undefined: the 3.1.1 tag
});
export { $cdk, $iam, $core, $shared, dev, test, prod, app, stack, settingsStack, replicaStack, ciRole, HostedZone, RegistryAuthentication, SelfHostedRegistry };
