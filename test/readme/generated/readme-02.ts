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
import { EcrRegistry, EcrRegistrySettings, EcrReplicaRegistry, EcrScanning, PullThroughUpstream } from '../../../lib/aws';

// One per environment, in the primary region.
const registry = new EcrRegistry(stack, 'Registry', {
  environment: prod,
  repositories: ['app', 'base/node'],           // prod-registry/app, prod-registry/base/node
  pullThroughCaches: [PullThroughUpstream.ecrPublic(), PullThroughUpstream.quay()],
  pullAccounts: ['222222222222'],               // cross-account pull (repository policies)
});
registry.grantPullPush(ciRole);
registry.addRepository('tools');
// With cdk-nag: the grants' namespace-wide wildcards (AwsSolutions-IAM5), in the registry's account and region.
registry.acknowledgeNamespaceGrant(ciRole, 'CI pulls and pushes every repository of the environment, including those ECR creates later');

// Once per account and region, for every environment that lives there.
// Each setting is managed only when asked for (see the warning below).
new EcrRegistrySettings(settingsStack, 'Settings', {
  environments: [dev, test, prod], scanning: EcrScanning.basicOnPush(), replication: true, imageSigning: true,
});

// In each replica region of an environment that replicates.
new EcrReplicaRegistry(replicaStack, 'Replica', { environment: prod });

// In a consumer's stack (here in eu-central-1): a registry of another account, by its declaration.
const shared = EcrRegistry.fromRegistryAttributes(replicaStack, 'SharedProd', {
  environment: prod,
  account: '111111111111',                      // the registry's account (default: the importing stack's)
  region: 'eu-west-1',                          // prod's primary region (default: the importing stack's)
});
shared.repositoryUri('app');                    // 111111111111.dkr.ecr.eu-west-1.<URL suffix>/prod-registry/app
export { $cdk, $iam, $core, $shared, dev, test, prod, app, stack, settingsStack, replicaStack, ciRole, EcrRegistry, EcrRegistrySettings, EcrReplicaRegistry, EcrScanning, PullThroughUpstream, registry, shared };
