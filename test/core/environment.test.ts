import {
  EnvironmentProfile, RegistryEnvironment, RegistryEnvironmentProps, RegistryValidationError, RemovalMode, STANDARD_TAG_KEYS,
} from '../../lib';

const base: RegistryEnvironmentProps = { environment: 'dev', domain: 'example.com', primaryRegion: 'eu-west-1' };

describe('RegistryEnvironment', () => {
  test('defaults the service to "registry" and the profile to the environment name', () => {
    const env = new RegistryEnvironment(base);
    expect(env.hostname).toBe('dev-registry.example.com');
    expect(env.resourcePrefix).toBe('dev-registry');
    expect(env.profile).toBe(EnvironmentProfile.DEV);
    expect(env.settings).toBe(EnvironmentProfile.DEV.settings);
  });

  test('a custom environment name takes an explicit profile and overrides', () => {
    const env = new RegistryEnvironment({
      ...base, environment: 'preprod', service: 'docker', profile: EnvironmentProfile.PROD, overrides: { removalMode: RemovalMode.DESTROY },
    });
    expect(env.hostname).toBe('preprod-docker.example.com');
    expect(env.settings.removalMode).toBe(RemovalMode.DESTROY);
    expect(env.settings.encryptionKey).toBe(EnvironmentProfile.PROD.settings.encryptionKey);
    expect(env.tags[STANDARD_TAG_KEYS.profile]).toBe('prod');
  });

  test('a custom environment name without a profile is rejected', () => {
    expect(() => new RegistryEnvironment({ ...base, environment: 'qa' }))
      .toThrow(/^profile: expected a profile for environment "qa" \(only dev, test, prod pick theirs by name\).*, got undefined$/);
  });

  test('replicas are active only when the profile replicates', () => {
    const dev = new RegistryEnvironment({ ...base, replicaRegions: ['eu-central-1'] });
    const prod = new RegistryEnvironment({ ...base, environment: 'prod', replicaRegions: ['eu-central-1', 'us-east-1'] });
    expect(dev.replicaRegions).toEqual(['eu-central-1']);
    expect(dev.activeReplicaRegions).toEqual([]);
    expect(prod.activeReplicaRegions).toEqual(['eu-central-1', 'us-east-1']);
    expect(prod.replicaHostname('us-east-1')).toBe('us-east-1.prod-registry.example.com');
    expect(() => prod.replicaHostname('ap-south-1')).toThrow('region: expected one of the declared replica regions (eu-central-1, us-east-1), got "ap-south-1"');
  });

  test('tags: standard keys plus user keys, sorted', () => {
    const env = new RegistryEnvironment({ ...base, tags: { team: 'platform', 'cost-center': '42' } });
    expect(Object.keys(env.tags)).toEqual(['cost-center', 'registry:environment', 'registry:hostname', 'registry:profile', 'registry:service', 'team']);
    expect(env.tags['registry:hostname']).toBe('dev-registry.example.com');
  });

  test.each<[string, Partial<RegistryEnvironmentProps>, string]>([
    ['replica equal to the primary', { replicaRegions: ['eu-west-1'] },
      'replicaRegions[0]: expected a region other than the primary region "eu-west-1", got "eu-west-1"'],
    ['duplicate replicas', { replicaRegions: ['us-east-1', 'us-east-1'] },
      'replicaRegions[1]: expected a value not already listed in replicaRegions, got "us-east-1"'],
    ['a malformed replica region', { replicaRegions: ['EU_WEST'] }, 'replicaRegions[0]: expected a DNS label'],
    ['a missing primary region', { primaryRegion: undefined as unknown as string }, 'primaryRegion: expected a DNS label'],
    ['negative retention', { overrides: { untaggedImageRetentionDays: -3 } },
      'overrides.untaggedImageRetentionDays: expected a whole number from 1 to 3650, got -3'],
    ['a reserved tag prefix', { tags: { 'aws:owner': 'x' } }, 'tags key: expected a key that does not start with the reserved prefix "aws:", got "aws:owner"'],
    ['a standard tag key', { tags: { 'registry:environment': 'x' } }, 'tags.registry:environment: expected a key other than the standard tag keys'],
    ['a tag value with bad characters', { tags: { team: 'a<b' } }, 'tags.team: expected a string of at most 256'],
    ['an invalid environment name', { environment: 'Prod' }, 'environment: expected lower case letters and digits'],
  ])('rejects %s', (_, override, message) => {
    expect(() => new RegistryEnvironment({ ...base, ...override })).toThrow(RegistryValidationError);
    expect(() => new RegistryEnvironment({ ...base, ...override })).toThrow(message);
  });
});
