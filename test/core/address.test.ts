import { RegistryAddress } from '../../lib';

describe('RegistryAddress', () => {
  test('builds <env>-<service>.<domain>', () => {
    const address = RegistryAddress.of({ environment: 'dev', service: 'registry', domain: 'example.com' });
    expect(address.hostname).toBe('dev-registry.example.com');
    expect(address.label).toBe('dev-registry');
  });
});
