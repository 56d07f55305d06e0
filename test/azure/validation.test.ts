import { EncryptionKeyKind, RegistryValidationError } from '../../lib';
import { AcrCacheUpstream, AcrRegistry, AcrRegistryProps, AcrSku } from '../../lib/azure';
import { TerraformStack, Testing } from '../../lib/terraform/cdktf';
import { acrEnvironment, LOCATIONS } from './helpers';

const prod = acrEnvironment('prod');
const dev = acrEnvironment('dev');
const ID = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers';
const credentials = { keyVaultId: `${ID}/Microsoft.KeyVault/vaults/corp`, keyVaultUri: 'https://corp.vault.azure.net/', usernameSecretName: 'user', passwordSecretName: 'token' };

/** Builds a registry from `props` and returns the error it throws, or fails. */
function errorOf(props: Partial<AcrRegistryProps>): RegistryValidationError {
  const stack = new TerraformStack(Testing.app(), 'test');
  try {
    new AcrRegistry(stack, 'Registry', { environment: prod, locations: LOCATIONS, ...props } as AcrRegistryProps);
  } catch (error) {
    expect(error).toBeInstanceOf(RegistryValidationError);
    // Nothing is synthesized from bad input: the construct fails before adding its resources.
    expect(stack.node.findAll().map((c) => c.node.path).filter((path) => path.startsWith('test/Registry/'))).toEqual([]);
    return error as RegistryValidationError;
  }
  throw new Error('expected a RegistryValidationError');
}

/*
 * Bad input fails at construction, naming the property, the value and what
 * was expected. The SKU rules are azurerm's plan-time refusals
 * (container_registry_resource.go CustomizeDiff) moved to construction.
 */
describe('AcrRegistry refuses', () => {
  test.each<[string, Partial<AcrRegistryProps>, string]>([
    ['no declaration', { environment: undefined }, 'environment: expected a RegistryEnvironment, got undefined'],
    ['a region with no Azure location', { locations: undefined },
      'environment.primaryRegion: expected an Azure location such as "westeurope", or an entry for "eu-west-1" in locations, got "eu-west-1"'],
    ['a location that is not one', { locations: { ...LOCATIONS, 'eu-west-1': 'eu-west-1' } },
      'locations.eu-west-1: expected an Azure location such as "westeurope" (lower case letters and digits; spaces are dropped), got "eu-west-1"'],
    ['a region the declaration does not name', { locations: { ...LOCATIONS, 'us-east-1': 'eastus' } },
      'locations key: expected a region of the declaration (eu-west-1, eu-central-1), got "us-east-1"'],
    ['a replica in the primary\'s location', { locations: { 'eu-west-1': 'northeurope', 'eu-central-1': 'North Europe' } },
      'locations.eu-central-1: expected a location other than that of region "eu-west-1", got "northeurope"'],
    ['a registry name with a hyphen', { registryName: 'prod-registry' }, 'registryName: expected 5-50 lower case letters and digits'],
    ['a registry name too short', { registryName: 'acr1' }, 'registryName: expected 5-50 lower case letters and digits'],
    ['an unknown SKU', { sku: 'Gold' as AcrSku }, 'sku: expected one of "Basic", "Standard", "Premium", got "Gold"'],
    ['geo-replication below Premium', { sku: AcrSku.STANDARD }, 'replicationEnabled: expected a setting the Standard SKU supports (geo-replication needs the Premium SKU), got true'],
    ['IP rules without public access', { allowedIpRanges: ['203.0.113.0/24'] }, 'allowedIpRanges: expected no IP ranges: the registry has no public network access'],
    ['a bad IP range', { publicNetworkAccess: true, allowedIpRanges: ['203.0.113.300/24'] }, 'allowedIpRanges[0]: expected an IPv4 CIDR range'],
    ['a subnet without its network', { privateEndpointSubnetId: `${ID}/Microsoft.Network/virtualNetworks/n/subnets/s` },
      'virtualNetworkId: expected both privateEndpointSubnetId and virtualNetworkId, or neither, got undefined'],
    ['a private endpoint prefix on a public registry', { publicNetworkAccess: true, privateEndpointAddressPrefix: '10.1.0.0/27' },
      'privateEndpointAddressPrefix: expected nothing: the registry has public network access and no private endpoint'],
    ['a private endpoint prefix smaller than /27', { privateEndpointAddressPrefix: '10.1.0.0/28' }, 'privateEndpointAddressPrefix: expected an IPv4 CIDR range with a prefix length of at most 27'],
    ['dedicated data endpoints off with a private endpoint', { dedicatedDataEndpoints: false },
      'dedicatedDataEndpoints: expected true or nothing: a registry with a private endpoint always has dedicated data endpoints, got false'],
    ['an agent pool for a public registry', { publicNetworkAccess: true, retentionAgentPool: true },
      'retentionAgentPool: expected false or nothing: tasks on the shared agents reach a registry with public network access, got true'],
    ['a bad schedule', { retentionSchedule: 'daily' }, 'retentionSchedule: expected a cron expression of five fields'],
    ['a bad email address', { alarmEmailAddresses: ['platform'] }, 'alarmEmailAddresses[0]: expected an email address, got "platform"'],
    ['emails with an action group of yours', { actionGroupId: `${ID}/microsoft.insights/actionGroups/ops`, alarmEmailAddresses: ['a@example.com'] },
      'alarmEmailAddresses: expected nothing: they would go to an action group the construct creates'],
    ['a storage budget of zero', { storageBudgetGiB: 0 }, 'storageBudgetGiB: expected a positive number of GiB, got 0'],
    ['a workspace location without a workspace', { logAnalyticsWorkspaceLocation: 'westeurope' }, 'logAnalyticsWorkspaceLocation: expected nothing'],
    ['a key given with a bad id', { encryptionKey: { keyVaultKeyId: 'corp/registry', keyResourceId: `${ID}/Microsoft.KeyVault/vaults/corp/keys/registry` } },
      'encryptionKey.keyVaultKeyId: expected a Key Vault key id'],
    ['a non-boolean switch', { zoneRedundancy: 'yes' as unknown as boolean }, 'zoneRedundancy: expected true or false, got "yes"'],
    ['two caches for one upstream', { pullThroughCaches: [AcrCacheUpstream.quay(), AcrCacheUpstream.quay()] },
      'pullThroughCaches[1]: expected an upstream not already listed (cache rules may not overlap), got "quay"'],
    ['a token name with an underscore', { ciTokens: [{ name: 'ci_token', repositories: ['app'] }] }, 'ciTokens[0].name: expected a letter followed by letters'],
    ['a token without repositories', { ciTokens: [{ name: 'citoken', repositories: [] }] }, 'ciTokens[0].repositories: expected a non-empty list of repositories'],
  ])('%s', (_, props, message) => {
    expect(errorOf(props).message).toContain(message);
  });
});

describe('AcrRegistry refuses what the SKU lacks, naming the setting', () => {
  const basicProd = (extra: Partial<AcrRegistryProps>) => errorOf({ sku: AcrSku.BASIC, environment: acrEnvironment('prod', { overrides: { replicationEnabled: false, encryptionKey: EncryptionKeyKind.PROVIDER_MANAGED } }), ...extra });

  test.each<[string, Partial<AcrRegistryProps>, string]>([
    ['private endpoints', { publicNetworkAccess: false }, 'publicNetworkAccess: expected a setting the Basic SKU supports (a private endpoint needs the Premium SKU), got false'],
    ['IP rules', { publicNetworkAccess: true, allowedIpRanges: ['203.0.113.0/24'] }, 'allowedIpRanges: expected a setting the Basic SKU supports (IP access rules needs the Premium SKU)'],
    ['zone redundancy', { publicNetworkAccess: true, zoneRedundancy: true }, 'zoneRedundancy: expected a setting the Basic SKU supports (zone redundancy needs the Premium SKU), got true'],
    ['data endpoints', { publicNetworkAccess: true, dedicatedDataEndpoints: true }, 'dedicatedDataEndpoints: expected a setting the Basic SKU supports'],
    ['quarantine', { publicNetworkAccess: true, quarantinePolicy: true }, 'quarantinePolicy: expected a setting the Basic SKU supports (a quarantine policy needs the Premium SKU), got true'],
    ['the artifact cache', { publicNetworkAccess: true, pullThroughCaches: [AcrCacheUpstream.quay()] },
      'pullThroughCaches: expected a setting the Basic SKU supports (the artifact cache needs the Standard or Premium SKU), got ["quay"]'],
  ])('%s', (_, extra, message) => {
    expect(basicProd(extra).message).toContain(message);
  });

  test('a customer-managed key', () => {
    expect(errorOf({ sku: AcrSku.STANDARD, environment: acrEnvironment('prod', { overrides: { replicationEnabled: false } }), publicNetworkAccess: true }).message)
      .toBe('encryptionKey: expected a setting the Standard SKU supports (a customer-managed key needs the Premium SKU), got "CUSTOMER_MANAGED"');
  });
});

describe('AcrRegistry refuses an option with no effect in the configuration', () => {
  test.each<[string, Partial<AcrRegistryProps>, string]>([
    ['a key when the profile lets Azure manage keys', { encryptionKey: { keyVaultKeyId: 'https://corp.vault.azure.net/keys/r', keyResourceId: `${ID}/Microsoft.KeyVault/vaults/corp/keys/r` } },
      'encryptionKey: expected no key: the dev profile encrypts with a key Azure manages'],
    ['alarm emails when the profile has no alarms', { alarmEmailAddresses: ['a@example.com'] }, 'alarmEmailAddresses: expected nothing: the dev profile has no alarms (alarmsEnabled is false)'],
    ['a storage budget when the profile has no alarms', { storageBudgetGiB: 20 }, 'storageBudgetGiB: expected nothing: the dev profile has no alarms'],
    ['regional endpoints without replicas', { regionalEndpoints: true }, 'regionalEndpoints: expected false or nothing: the registry has no replicas'],
  ])('%s', (_, props, message) => {
    expect(errorOf({ environment: dev, ...props }).message).toContain(message);
  });
});

describe('AcrCacheUpstream refuses credentials an upstream cannot use', () => {
  test('Docker Hub without credentials (ACR caches it authenticated only)', () => {
    expect(() => AcrCacheUpstream.dockerHub(undefined as never)).toThrow(
      'pullThroughCaches(docker-hub).credentials: expected Key Vault secrets with a user name and token: ACR caches docker.io with credentials only, got undefined');
  });

  test('bad secret names and vault URIs', () => {
    expect(() => AcrCacheUpstream.githubContainerRegistry({ ...credentials, usernameSecretName: 'user_name' })).toThrow(
      'pullThroughCaches(ghcr).credentials.usernameSecretName: expected 1-127 letters, digits and hyphens, got "user_name"');
    expect(() => AcrCacheUpstream.quay({ ...credentials, keyVaultUri: 'https://corp.vault.azure.net' })).toThrow(
      'pullThroughCaches(quay).credentials.keyVaultUri: expected a vault URI ending in "/"');
  });
});

test('grants refuse a principal that is not an object id', () => {
  const stack = new TerraformStack(Testing.app(), 'test');
  const registry = new AcrRegistry(stack, 'Registry', { environment: dev, locations: LOCATIONS });
  expect(() => registry.grantPull('ci-bot')).toThrow('principalId: expected the object id (a UUID) of a user, group, service principal or managed identity, got "ci-bot"');
});

test('the importer refuses ids that are not a registry\'s', () => {
  const stack = new TerraformStack(Testing.app(), 'test');
  expect(() => AcrRegistry.fromRegistryAttributes(stack, 'Imported', { registryId: `${ID}/Microsoft.KeyVault/vaults/corp`, loginServer: 'corp.azurecr.io' }))
    .toThrow('registryId: expected a registry resource id');
});
