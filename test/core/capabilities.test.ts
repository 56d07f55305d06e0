import { RegistryEnvironment } from '../../lib';
import { BackendCapabilities, SettingSupport, unenforcedSettings, withCapabilities } from '../../lib/core/capabilities';
import { ECR_CAPABILITIES } from '../../lib/core/backend-capabilities';

const all = (support: SettingSupport): BackendCapabilities => withCapabilities(ECR_CAPABILITIES, Object.fromEntries(
  Object.keys(ECR_CAPABILITIES.settings).map((setting) => [setting, { support, how: `cannot do ${setting}` }]),
));
const declare = (environment: string, extra: object = {}) => new RegistryEnvironment({
  environment, domain: 'example.com', primaryRegion: 'eu-west-1', replicaRegions: ['eu-central-1'], ...extra,
});

describe('unenforced settings', () => {
  test('a backend that enforces everything warns about nothing', () => {
    expect(unenforcedSettings(declare('prod'), all(SettingSupport.ENFORCED))).toEqual([]);
  });

  test('settings that do not apply are never warned about', () => {
    expect(unenforcedSettings(declare('prod'), all(SettingSupport.NOT_APPLICABLE))).toEqual([]);
  });

  test('only values that ask for something warn: dev asks for retention, sizes and logs, not for immutability, keys, replicas, CDN or alarms', () => {
    expect(unenforcedSettings(declare('dev'), all(SettingSupport.UNSUPPORTED)).map((u) => u.setting)).toEqual([
      'untaggedImageRetentionDays', 'maxImageCount', 'size', 'minInstances', 'maxInstances', 'logRetentionDays',
    ]);
  });

  test('prod asks for every setting but tag exclusions (none by default)', () => {
    const settings = unenforcedSettings(declare('prod'), all(SettingSupport.UNSUPPORTED)).map((u) => u.setting);
    expect(settings).toEqual(expect.arrayContaining(['imageTagMutability', 'removalMode', 'encryptionKey', 'replicationEnabled', 'cdnEnabled', 'alarmsEnabled']));
    expect(settings).not.toContain('immutableTagExclusions');
    const withExclusion = declare('prod', { overrides: { immutableTagExclusions: ['latest'] } });
    expect(unenforcedSettings(withExclusion, all(SettingSupport.UNSUPPORTED)).map((u) => u.setting)).toContain('immutableTagExclusions');
  });

  test('replication asks for something only with replica regions', () => {
    const alone = declare('prod', { replicaRegions: [] });
    expect(unenforcedSettings(alone, all(SettingSupport.UNSUPPORTED)).map((u) => u.setting)).not.toContain('replicationEnabled');
  });

  test('the warning names the setting, the value, the profile, the host name and the backend', () => {
    const [cdn] = unenforcedSettings(declare('prod'), ECR_CAPABILITIES);
    expect(cdn.setting).toBe('cdnEnabled');
    expect(cdn.message).toBe('cdnEnabled: the prod profile of prod-registry.example.com asks for true, which AWS ECR cannot enforce '
      + '(ECR serves layers from its own endpoints and has no custom domain or CDN; replicas serve other regions); it is not applied');
  });

  test('withCapabilities replaces only the named settings', () => {
    const narrowed = withCapabilities(ECR_CAPABILITIES, { maxImageCount: { support: SettingSupport.UNSUPPORTED, how: 'dry run' } });
    expect(narrowed.settings.maxImageCount.support).toBe(SettingSupport.UNSUPPORTED);
    expect(narrowed.settings.untaggedImageRetentionDays).toBe(ECR_CAPABILITIES.settings.untaggedImageRetentionDays);
    expect(ECR_CAPABILITIES.settings.maxImageCount.support).toBe(SettingSupport.ENFORCED);
  });
});
