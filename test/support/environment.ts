import { RegistryEnvironment, RegistryEnvironmentProps } from '../../lib';

/** A declaration for tests: example.com, eu-west-1, one replica region. */
export function environment(name: string, extra: Partial<RegistryEnvironmentProps> = {}): RegistryEnvironment {
  return new RegistryEnvironment({
    environment: name,
    domain: 'example.com',
    primaryRegion: 'eu-west-1',
    replicaRegions: ['eu-central-1'],
    ...extra,
  });
}
