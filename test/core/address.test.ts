import { RegistryAddress, RegistryValidationError } from '../../lib';

describe('RegistryAddress.of', () => {
  test('builds <env>-<service>.<domain>', () => {
    const address = RegistryAddress.of({ environment: 'dev', service: 'registry', domain: 'example.com' });
    expect(address.hostname).toBe('dev-registry.example.com');
    expect(address.label).toBe('dev-registry');
    expect(String(address)).toBe('dev-registry.example.com');
  });

  test.each([
    ['qa', 'docker', 'internal.corp', 'qa-docker.internal.corp'],
    ['preprod', 'registry', 'mycompany.io', 'preprod-registry.mycompany.io'],
    ['prod2', 'oci-cache', 'a.b.example.org', 'prod2-oci-cache.a.b.example.org'],
    ['dev', 'registry', '3com.example', 'dev-registry.3com.example'],
  ])('accepts %s / %s / %s', (environment, service, domain, hostname) => {
    expect(RegistryAddress.of({ environment, service, domain }).hostname).toBe(hostname);
  });

  test.each([
    ['environment', { environment: 'Dev' }, '"Dev"'],
    ['environment', { environment: 'pre-prod' }, '"pre-prod"'],
    ['environment', { environment: '1dev' }, '"1dev"'],
    ['environment', { environment: '' }, '""'],
    ['service', { service: 'Registry' }, '"Registry"'],
    ['service', { service: 'registry-' }, '"registry-"'],
    ['service', { service: '-registry' }, '"-registry"'],
    ['service', { service: 'reg_istry' }, '"reg_istry"'],
    ['domain', { domain: 'localhost' }, '"localhost"'],
    ['domain', { domain: 'Example.com' }, '"Example.com"'],
    ['domain', { domain: 'example..com' }, '"example..com"'],
    ['domain', { domain: 'example.-com' }, '"example.-com"'],
    ['domain', { domain: '10.0.0.1' }, '"10.0.0.1"'],
    ['domain', { domain: `${'a'.repeat(64)}.com` }, `"${'a'.repeat(64)}.com"`],
  ])('rejects a bad %s and names it', (property, override, shown) => {
    const parts = { environment: 'dev', service: 'registry', domain: 'example.com', ...override };
    expect(() => RegistryAddress.of(parts)).toThrow(RegistryValidationError);
    expect(() => RegistryAddress.of(parts)).toThrow(new RegExp(`^${property}: expected .*, got ${escape(shown)}$`));
  });

  test('rejects a first label longer than 63 characters', () => {
    const service = 's'.repeat(60);
    expect(() => RegistryAddress.of({ environment: 'dev', service, domain: 'example.com' }))
      .toThrow(/^environment-service: expected a first label "<environment>-<service>" of at most 63 characters, got "dev-s+"$/);
  });

  test('rejects a host name longer than 253 characters', () => {
    const domain = Array.from({ length: 4 }, () => 'd'.repeat(62)).join('.');
    expect(domain.length).toBeLessThanOrEqual(253);
    expect(() => RegistryAddress.of({ environment: 'dev', service: 'registry', domain }))
      .toThrow(/^hostname: expected a host name of at most 253 characters/);
  });

  test('names replicas below the primary name', () => {
    const address = RegistryAddress.of({ environment: 'prod', service: 'registry', domain: 'example.com' });
    expect(address.replicaHostname('eu-central-1')).toBe('eu-central-1.prod-registry.example.com');
    expect(() => address.replicaHostname('EU')).toThrow(/^region: expected a DNS label/);
  });
});

describe('RegistryAddress.parse', () => {
  test('round-trips what of() builds', () => {
    const built = RegistryAddress.of({ environment: 'qa', service: 'docker-mirror', domain: 'internal.corp' });
    const parsed = RegistryAddress.parse(built.hostname);
    expect([parsed.environment, parsed.service, parsed.domain]).toEqual(['qa', 'docker-mirror', 'internal.corp']);
  });

  test('folds case and a trailing dot, because DNS names are case-insensitive', () => {
    const parsed = RegistryAddress.parse('Dev-Registry.Example.COM.');
    expect(parsed.hostname).toBe('dev-registry.example.com');
  });

  test.each(['registry.example.com', 'dev-registry', '', '-registry.example.com', 'dev-.example.com'])('rejects %j', (hostname) => {
    expect(() => RegistryAddress.parse(hostname)).toThrow(RegistryValidationError);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
