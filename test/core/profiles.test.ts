import {
  EncryptionKeyKind, EnvironmentProfile, ImageTagMutability, ProfileOverrides, RegistrySize, RegistryValidationError, RemovalMode,
} from '../../lib';

describe('built-in profiles', () => {
  test('dev is cheap and disposable', () => {
    expect(EnvironmentProfile.DEV.settings).toMatchObject({
      imageTagMutability: ImageTagMutability.MUTABLE,
      removalMode: RemovalMode.DESTROY,
      encryptionKey: EncryptionKeyKind.PROVIDER_MANAGED,
      replicationEnabled: false,
      cdnEnabled: false,
      alarmsEnabled: false,
      size: RegistrySize.SMALL,
      minInstances: 1,
      maxInstances: 1,
    });
  });

  test('prod is hardened and keeps its data', () => {
    expect(EnvironmentProfile.PROD.settings).toMatchObject({
      imageTagMutability: ImageTagMutability.IMMUTABLE,
      immutableTagExclusions: [],
      removalMode: RemovalMode.RETAIN,
      encryptionKey: EncryptionKeyKind.CUSTOMER_MANAGED,
      replicationEnabled: true,
      cdnEnabled: true,
      alarmsEnabled: true,
    });
    expect(EnvironmentProfile.PROD.settings.minInstances).toBeGreaterThanOrEqual(2);
  });

  test('named() finds built-ins and rejects unknown names', () => {
    expect(EnvironmentProfile.named('test')).toBe(EnvironmentProfile.TEST);
    expect(() => EnvironmentProfile.named('staging')).toThrow('profile: expected one of "dev", "test", "prod", got "staging"');
  });

  test('settings cannot be mutated through the profile', () => {
    expect(() => {
      (EnvironmentProfile.DEV.settings as { maxImageCount: number }).maxImageCount = 1;
    }).toThrow(TypeError);
  });
});

describe('withOverrides', () => {
  test('replaces only what is given', () => {
    const profile = EnvironmentProfile.DEV.withOverrides({ maxImageCount: 5, alarmsEnabled: true });
    expect(profile.settings.maxImageCount).toBe(5);
    expect(profile.settings.alarmsEnabled).toBe(true);
    expect(profile.settings.untaggedImageRetentionDays).toBe(EnvironmentProfile.DEV.settings.untaggedImageRetentionDays);
    expect(profile.name).toBe('dev+overrides');
  });

  test('no overrides give the same profile', () => {
    expect(EnvironmentProfile.PROD.withOverrides({})).toBe(EnvironmentProfile.PROD);
    expect(EnvironmentProfile.PROD.withOverrides({ size: undefined })).toBe(EnvironmentProfile.PROD);
  });

  test.each<[string, ProfileOverrides, string]>([
    ['untaggedImageRetentionDays', { untaggedImageRetentionDays: -1 }, 'a whole number from 1 to 3650, got -1'],
    ['untaggedImageRetentionDays', { untaggedImageRetentionDays: 1.5 }, 'a whole number from 1 to 3650, got 1.5'],
    ['maxImageCount', { maxImageCount: 0 }, 'a whole number from 1 to 10000, got 0'],
    ['logRetentionDays', { logRetentionDays: Number.NaN }, 'a whole number from 1 to 3653, got NaN'],
    ['maxInstances', { minInstances: 3, maxInstances: 2 }, 'at least minInstances (3), got 2'],
    ['removalMode', { removalMode: 'KEEP' as RemovalMode }, 'one of "RETAIN", "DESTROY", got "KEEP"'],
    ['cdnEnabled', { cdnEnabled: 'yes' as unknown as boolean }, 'true or false, got "yes"'],
    ['immutableTagExclusions', { immutableTagExclusions: ['a', 'b', 'c', 'd', 'e', 'f'] }, 'a list of at most 5 tag patterns'],
    ['immutableTagExclusions[0]', { immutableTagExclusions: ['release/1'] }, 'a tag pattern of 1-128 letters'],
    ['immutableTagExclusions[1]', { immutableTagExclusions: ['latest', 'latest'] }, 'a value not already listed'],
    ['color', { color: 'blue' } as ProfileOverrides, 'a known setting'],
  ])('rejects a bad %s', (property, overrides, expected) => {
    let error: unknown;
    try {
      EnvironmentProfile.DEV.withOverrides(overrides);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RegistryValidationError);
    expect((error as RegistryValidationError).property).toBe(`overrides.${property}`);
    expect((error as Error).message).toContain(`overrides.${property}: expected ${expected}`);
  });
});
