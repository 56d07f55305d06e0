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
import { Stack } from 'aws-cdk-lib';
import { HostedZone } from 'aws-cdk-lib/aws-route53';
import {
  RegistryAuthentication, SelfHostedRegistry, SelfHostedRegistryReplica, SelfHostedReplicaStorage,
} from '../../../lib/aws';

const authentication = RegistryAuthentication.htpasswd(['ci', 'deploy']);
const zone = (scope: Stack) => HostedZone.fromHostedZoneAttributes(scope, 'Zone', { hostedZoneId: 'Z0123456789', zoneName: 'example.com' });

// 1. In each replica region (prod replicates), deployed first: the bucket S3 replication writes to.
const storageStack = new Stack(app, 'replica-storage', { env: { region: 'eu-central-1' } });
const storage = new SelfHostedReplicaStorage(storageStack, 'Replica', { environment: prod });
// 2. In the primary region.
const registry = new SelfHostedRegistry(stack, 'Registry', {
  environment: prod,                                     // the same declaration as everywhere
  hostedZone: zone(stack),
  authentication,
  garbageCollection: { dryRun: false },                  // default: weekly dry run
});
registry.users!.passwordSecret('ci');                    // Secrets Manager secret {"username","password"}
// 3. In each replica region, deployed last: the read-only registry.
new SelfHostedRegistryReplica(replicaStack, 'Replica', { environment: prod, storage, hostedZone: zone(replicaStack), authentication });

stack.addStackDependency(storageStack);                  // S3 replication needs the replica bucket
replicaStack.addStackDependency(stack);                  // the replica reads the primary's htpasswd secret
export { $cdk, $iam, $core, $shared, dev, test, prod, app, stack, settingsStack, replicaStack, ciRole, Stack, HostedZone, RegistryAuthentication, SelfHostedRegistry, SelfHostedRegistryReplica, SelfHostedReplicaStorage, authentication, zone, storageStack, storage, registry };
