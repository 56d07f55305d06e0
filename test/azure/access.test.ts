import { AcrCacheUpstream, AcrRegistry, AzurePrincipalType } from '../../lib/azure';
import { TerraformStack, Testing } from '../../lib/terraform/cdktf';
import { expectConformance } from '../support/terraform-schema/jest';
import { synthesizeStack } from '../support/terraform/synth';
import { acrEnvironment, addressOf, only, ref, resources, synthesizeAcr } from './helpers';

const ROLE = (guid: string) => `/subscriptions/\${data.azurerm_client_config.azurerm-client-config.subscription_id}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
/** AcrPull, AcrPush, Key Vault Secrets User (built-in roles reference). */
const ACR_PULL = '7f951dda-4ed3-4680-a7ca-43fe172d538d';
const ACR_PUSH = '8311e382-0749-4cb8-b61a-304f252e45ec';
const SECRETS_USER = '4633458b-17de-408a-b874-0445c86b69e6';
const CI = '11111111-2222-3333-4444-555555555555';
const VAULT = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/secrets/providers/Microsoft.KeyVault/vaults/corp';

describe('grants', () => {
  const { config } = synthesizeAcr(acrEnvironment('test'), {}, (registry) => {
    registry.grantPull(CI);
    registry.grantPush(CI, AzurePrincipalType.SERVICE_PRINCIPAL);
    registry.grantPullPush(CI, AzurePrincipalType.GROUP);
  });
  const registryId = ref(addressOf(config, 'azurerm_container_registry'), 'id');

  test('are role assignments of AcrPull and AcrPush (which also pulls) on the registry', () => {
    expect(Object.values(resources(config, 'azurerm_role_assignment')).map((a) => [a.role_definition_id, a.principal_id, a.principal_type, a.scope])).toEqual([
      [ROLE(ACR_PULL), CI, undefined, registryId],
      [ROLE(ACR_PUSH), CI, 'ServicePrincipal', registryId],
      [ROLE(ACR_PUSH), CI, 'Group', registryId],
    ]);
    expectConformance(config, 'azurerm');
  });
});

test('an imported registry grants on its id', () => {
  const stack = new TerraformStack(Testing.app(), 'test');
  const registryId = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/shared01';
  AcrRegistry.fromRegistryAttributes(stack, 'Shared', { registryId, loginServer: 'shared01.azurecr.io' }).grantPull(CI);
  const config = synthesizeStack(stack);
  expectConformance(config, 'azurerm');
  expect(only(config, 'azurerm_role_assignment')).toEqual(expect.objectContaining({ role_definition_id: ROLE(ACR_PULL), scope: registryId }));
});

describe('the artifact cache', () => {
  const credentials = { keyVaultId: VAULT, keyVaultUri: 'https://corp.vault.azure.net/', usernameSecretName: 'dockerhub-user', passwordSecretName: 'dockerhub-token' };
  const { config } = synthesizeAcr(acrEnvironment('prod'), {
    pullThroughCaches: [AcrCacheUpstream.dockerHub(credentials), AcrCacheUpstream.microsoftArtifactRegistry(), AcrCacheUpstream.quay(),
      AcrCacheUpstream.githubContainerRegistry(), AcrCacheUpstream.kubernetes()],
  });
  const registryId = ref(addressOf(config, 'azurerm_container_registry'), 'id');

  test('caches each upstream under its prefix with a wildcard rule', () => {
    expectConformance(config, 'azurerm');
    expect(Object.values(resources(config, 'azurerm_container_registry_cache_rule')).map((r) => [r.name, r.source_repo, r.target_repo, r.container_registry_id]).sort()).toEqual([
      ['docker-hub-cache', 'docker.io/*', 'docker-hub/*', registryId],
      ['ghcr-cache', 'ghcr.io/*', 'ghcr/*', registryId],
      ['k8s-cache', 'registry.k8s.io/*', 'k8s/*', registryId],
      ['mcr-cache', 'mcr.microsoft.com/*', 'mcr/*', registryId],
      ['quay-cache', 'quay.io/*', 'quay/*', registryId],
    ]);
  });

  test('Docker Hub authenticates with a credential set whose identity may read exactly its two secrets, before the rule exists', () => {
    const credentialSet = addressOf(config, 'azurerm_container_registry_credential_set');
    expect(only(config, 'azurerm_container_registry_credential_set')).toEqual(expect.objectContaining({
      login_server: 'docker.io',
      identity: { type: 'SystemAssigned' },
      authentication_credentials: {
        username_secret_id: 'https://corp.vault.azure.net/secrets/dockerhub-user',
        password_secret_id: 'https://corp.vault.azure.net/secrets/dockerhub-token',
      },
    }));
    const access = Object.entries(resources(config, 'azurerm_role_assignment')).filter(([, a]) => a.role_definition_id === ROLE(SECRETS_USER));
    expect(access.map(([, a]) => [a.principal_id, a.scope]).sort()).toEqual([
      [ref(credentialSet, 'identity[0].principal_id'), `${VAULT}/secrets/dockerhub-token`],
      [ref(credentialSet, 'identity[0].principal_id'), `${VAULT}/secrets/dockerhub-user`],
    ]);
    const rule = only(config, 'azurerm_container_registry_cache_rule', 'Registry_CacheRule-docker-hub');
    expect(rule.credential_set_id).toBe(ref(credentialSet, 'id'));
    expect([...rule.depends_on].sort()).toEqual(access.map(([id]) => `azurerm_role_assignment.${id}`).sort());
  });

  test('upstreams without credentials have no credential set', () => {
    expect(only(config, 'azurerm_container_registry_cache_rule', 'Registry_CacheRule-quay').credential_set_id).toBeUndefined();
  });

  test('MCR takes no credentials (ACR caches it anonymously only)', () => {
    expect(AcrCacheUpstream.microsoftArtifactRegistry.length).toBe(0);
    expect(AcrCacheUpstream.microsoftArtifactRegistry().credentials).toBeUndefined();
  });
});

test('CI tokens: a scope map of pull (or pull and push) actions per repository, and a token without a password', () => {
  const { config } = synthesizeAcr(acrEnvironment('test'), {
    ciTokens: [{ name: 'github-actions', repositories: ['app', 'base/*'], push: true }, { name: 'scanner', repositories: ['app'] }],
  });
  expectConformance(config, 'azurerm');
  const registryName = ref(addressOf(config, 'azurerm_container_registry'), 'name');
  expect(Object.values(resources(config, 'azurerm_container_registry_scope_map')).map((m) => [m.name, m.container_registry_name, m.actions])).toEqual([
    ['github-actions-scope', registryName, [
      'repositories/app/content/read', 'repositories/app/content/write', 'repositories/app/metadata/read',
      'repositories/base/*/content/read', 'repositories/base/*/content/write', 'repositories/base/*/metadata/read',
    ]],
    ['scanner-scope', registryName, ['repositories/app/content/read', 'repositories/app/metadata/read']],
  ]);
  const token = only(config, 'azurerm_container_registry_token', 'Registry_Token-github-actions');
  expect(token).toEqual(expect.objectContaining({ name: 'github-actions', enabled: true,
    scope_map_id: ref(addressOf(config, 'azurerm_container_registry_scope_map', 'Registry_ScopeMap-github-actions'), 'id') }));
  expect(resources(config, 'azurerm_container_registry_token_password')).toEqual({});
});
