import { DistributionEnvironment } from '../../../lib/core/distribution';
import { RegistryValidationError } from '../../../lib/core/errors';
import { expectValidationError } from './helpers';

describe('DistributionEnvironment', () => {
  test('readOnly() sets the whole maintenance.readonly map', () => {
    expect(DistributionEnvironment.readOnly()).toEqual({ REGISTRY_STORAGE_MAINTENANCE_READONLY: '{"enabled":true}' });
    expect(DistributionEnvironment.READ_ONLY_VARIABLE).toBe('REGISTRY_STORAGE_MAINTENANCE_READONLY');
  });

  test('readOnly() never returns the leaf variable', () => {
    expect(Object.keys(DistributionEnvironment.readOnly()).some((name) => name.endsWith('_ENABLED'))).toBe(false);
  });

  test('check() accepts the whole-map variable and unrelated variables', () => {
    expect(() => DistributionEnvironment.check({
      ...DistributionEnvironment.readOnly(),
      REGISTRY_HTTP_SECRET: 'from-secrets-manager',
      REGISTRY_STORAGE_AZURE_ACCOUNTKEY: 'key',
    })).not.toThrow();
    expect(() => DistributionEnvironment.check({ REGISTRY_STORAGE_MAINTENANCE_READONLY: '{"enabled":false}' })).not.toThrow();
  });

  const rejected = (env: { [name: string]: string }): unknown => {
    try {
      DistributionEnvironment.check(env);
    } catch (e) {
      return e;
    }
    return undefined;
  };

  test('check() rejects the leaf read-only variable', () => {
    expectValidationError(rejected({ REGISTRY_STORAGE_MAINTENANCE_READONLY_ENABLED: 'true' }),
      'environment.REGISTRY_STORAGE_MAINTENANCE_READONLY_ENABLED', '"true"',
      'REGISTRY_STORAGE_MAINTENANCE_READONLY=\'{"enabled":true}\' instead (the leaf variable is ignored or crashes the registry)');
  });

  test('check() rejects a whole-storage override', () => {
    expectValidationError(rejected({ REGISTRY_STORAGE: 's3' }), 'environment.REGISTRY_STORAGE', '"s3"', 'no whole-storage override (it drops delete, maintenance and cache settings)');
  });

  test.each(['true', '{"enabled":"true"}', '{"enabled":true,"extra":1}', '[true]', 'not json'])('check() rejects the read-only value %s', (value) => {
    expectValidationError(rejected({ REGISTRY_STORAGE_MAINTENANCE_READONLY: value }), 'environment.REGISTRY_STORAGE_MAINTENANCE_READONLY',
      JSON.stringify(value), 'a JSON map {"enabled":true} or {"enabled":false}');
  });

  test('errors are the project\'s validation errors', () => {
    expect(rejected({ REGISTRY_STORAGE: 'filesystem' })).toBeInstanceOf(RegistryValidationError);
  });
});
