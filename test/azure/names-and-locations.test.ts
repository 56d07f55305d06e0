import { createHash } from 'crypto';
import { EnvironmentProfile, RegistryEnvironment } from '../../lib';
import { acrLocations, normalizeLocation } from '../../lib/azure/locations';
import { defaultKeyVaultName, defaultRegistryName } from '../../lib/azure/names';
import { acrEnvironment, LOCATIONS, only, synthesizeAcr } from './helpers';

describe('the registry\'s name', () => {
  test('is <env><service> without hyphens plus six hex characters of SHA-256 of the host name', () => {
    const environment = acrEnvironment('prod', { service: 'docker-mirror' });
    const suffix = createHash('sha256').update('prod-docker-mirror.example.com').digest('hex').slice(0, 6);
    expect(defaultRegistryName(environment)).toBe(`proddockermirror${suffix}`);
    expect(only(synthesizeAcr(environment).config, 'azurerm_container_registry').name).toBe(`proddockermirror${suffix}`);
  });

  test('is stable for a declaration and differs between domains', () => {
    expect(defaultRegistryName(acrEnvironment('prod'))).toBe(defaultRegistryName(acrEnvironment('prod')));
    expect(defaultRegistryName(acrEnvironment('prod'))).not.toBe(defaultRegistryName(acrEnvironment('prod', { domain: 'example.org' })));
  });

  test('fits ACR\'s 5-50 letters and digits for the longest declarations', () => {
    // The first label `<env>-<service>` holds at most 63 characters.
    const longest = new RegistryEnvironment({
      environment: 'e'.repeat(20), service: `s-${'v'.repeat(40)}`, domain: 'example.com', primaryRegion: 'westeurope', profile: EnvironmentProfile.DEV,
    });
    expect(defaultRegistryName(longest)).toMatch(/^[a-z0-9]{5,50}$/);
    expect(defaultRegistryName(longest)).toHaveLength(50);
  });

  test('an explicit name is used as given', () => {
    expect(only(synthesizeAcr(acrEnvironment('dev'), { registryName: 'contosodev01' }).config, 'azurerm_container_registry').name).toBe('contosodev01');
  });

  test('the key vault\'s name starts with a letter and fits 24 characters', () => {
    expect(defaultKeyVaultName(acrEnvironment('prod'))).toMatch(/^kv[a-z0-9]{1,22}$/);
    expect(defaultKeyVaultName(acrEnvironment('prod', { service: 'a-very-long-service-name' }))).toHaveLength(24);
  });
});

describe('Azure locations of the declaration\'s regions', () => {
  test('are normalised as azurerm compares them (lower case, no spaces)', () => {
    expect(normalizeLocation('Germany West Central')).toBe('germanywestcentral');
  });

  test('georeplications are sorted by location, as azurerm reads them back, whatever the declared order', () => {
    const environment = acrEnvironment('prod', { replicaRegions: ['us-east-1', 'eu-central-1', 'ap-southeast-1'] });
    const locations = { 'eu-west-1': 'northeurope', 'us-east-1': 'East US', 'eu-central-1': 'germanywestcentral', 'ap-southeast-1': 'southeastasia' };
    expect(acrLocations(environment, locations, 'locations')).toEqual({
      primary: 'northeurope',
      replicas: ['eastus', 'germanywestcentral', 'southeastasia'],
      byRegion: { 'eu-west-1': 'northeurope', 'us-east-1': 'eastus', 'eu-central-1': 'germanywestcentral', 'ap-southeast-1': 'southeastasia' },
    });
    const { config } = synthesizeAcr(environment, { locations });
    expect(only(config, 'azurerm_container_registry').georeplications.map((g: { location: string }) => g.location))
      .toEqual(['eastus', 'germanywestcentral', 'southeastasia']);
  });

  test('a declaration that names Azure locations needs no mapping', () => {
    const environment = acrEnvironment('prod', { primaryRegion: 'westeurope', replicaRegions: ['swedencentral'] });
    const { config } = synthesizeAcr(environment, { locations: undefined });
    const registry = only(config, 'azurerm_container_registry');
    expect(registry.location).toBe('westeurope');
    expect(registry.georeplications.map((g: { location: string }) => g.location)).toEqual(['swedencentral']);
  });

  test('replica regions of a profile that does not replicate need no valid location, but a mapping given for them must be one', () => {
    expect(acrLocations(acrEnvironment('dev'), { 'eu-west-1': 'northeurope' }, 'locations').replicas).toEqual([]);
    expect(() => acrLocations(acrEnvironment('dev'), { ...LOCATIONS, 'eu-central-1': 'Frankfurt!' }, 'locations'))
      .toThrow('locations.eu-central-1: expected an Azure location');
  });
});
