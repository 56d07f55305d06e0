// Generated from a block of README.md (fixture "cdktf-app") by test/readme/snippets.ts: do not edit.
import * as $cdktf from 'cdktf';
import * as $core from '../../../lib';
const $shared = { domain: 'example.com', primaryRegion: 'eu-west-1', replicaRegions: ['eu-central-1'] };
const dev = new $core.RegistryEnvironment({ environment: 'dev', ...$shared });
const test = new $core.RegistryEnvironment({ environment: 'test', ...$shared });
const prod = new $core.RegistryEnvironment({ environment: 'prod', ...$shared });
const app = new $cdktf.App();
const stack = new $cdktf.TerraformStack(app, 'registry');
import { AcrCacheUpstream, AcrRegistry, AzurePrincipalType } from '../../../lib/azure';

const registry = new AcrRegistry(stack, 'Registry', {
  environment: prod,
  // The declaration names regions the AWS way; these are their Azure locations.
  locations: { 'eu-west-1': 'northeurope', 'eu-central-1': 'germanywestcentral' },
  alarmEmailAddresses: ['platform@example.com'],
  pullThroughCaches: [AcrCacheUpstream.microsoftArtifactRegistry(), AcrCacheUpstream.quay()],
  ciTokens: [{ name: 'github-actions', repositories: ['app', 'base/*'], push: true }],
});
// The object id of a managed identity, e.g. an AKS cluster's kubelet identity.
registry.grantPull('00000000-0000-0000-0000-000000000000', AzurePrincipalType.SERVICE_PRINCIPAL);
export { $cdktf, $core, $shared, dev, test, prod, app, stack, AcrCacheUpstream, AcrRegistry, AzurePrincipalType, registry };
