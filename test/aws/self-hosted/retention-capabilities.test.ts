import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { HostedZone } from 'aws-cdk-lib/aws-route53';
import { RegistryAuthentication, SelfHostedRegistry, SelfHostedRegistryProps } from '../../../lib/aws';
import { MaintenanceWindowFacts, selfHostedCapabilities } from '../../../lib/aws/self-hosted/self-hosted-capabilities';
import { SELF_HOSTED_AWS_CAPABILITIES } from '../../../lib/core/backend-capabilities';
import { SettingSupport } from '../../../lib/core/capabilities';
import { environment } from '../helpers';

/*
 * The self-hosted registry enforces maxImageCount and
 * untaggedImageRetentionDays in its maintenance window; where its
 * configuration leaves no window that deletes, it says so at synthesis.
 */

const REAL: MaintenanceWindowFacts = { dryRun: false, scheduled: true, deleteUntagged: false, enforcesRetention: true };
const retentionSupport = (window: MaintenanceWindowFacts | undefined) => {
  const { settings } = selfHostedCapabilities(window);
  return { maxImageCount: settings.maxImageCount.support, untaggedImageRetentionDays: settings.untaggedImageRetentionDays.support };
};
const { ENFORCED, UNSUPPORTED } = SettingSupport;

describe('what the maintenance window lets the self-hosted registry enforce', () => {
  test('a scheduled real run enforces both retention settings, with the backend\'s own table', () => {
    expect(selfHostedCapabilities(REAL)).toBe(SELF_HOSTED_AWS_CAPABILITIES);
    expect(retentionSupport(REAL)).toEqual({ maxImageCount: ENFORCED, untaggedImageRetentionDays: ENFORCED });
  });

  test.each<[string, MaintenanceWindowFacts | undefined, RegExp]>([
    ['a mirror', undefined, /pull-through mirror has no maintenance window/],
    ['a dry run', { ...REAL, dryRun: true }, /garbageCollection\.dryRun/],
    ['a disabled schedule', { ...REAL, scheduled: false }, /garbageCollection\.enabled: false/],
    ['a window without storage', { ...REAL, enforcesRetention: false }, /no storage/],
  ])('%s enforces neither', (_what, window, why) => {
    expect(retentionSupport(window)).toEqual({ maxImageCount: UNSUPPORTED, untaggedImageRetentionDays: UNSUPPORTED });
    expect(selfHostedCapabilities(window).settings.maxImageCount.how).toMatch(why);
    // Everything else stays as the backend declares it.
    expect(selfHostedCapabilities(window).settings.encryptionKey).toBe(SELF_HOSTED_AWS_CAPABILITIES.settings.encryptionKey);
  });

  test('--delete-untagged deletes untagged manifests sooner than the retention period, so only that setting is not enforced', () => {
    expect(retentionSupport({ ...REAL, deleteUntagged: true })).toEqual({ maxImageCount: ENFORCED, untaggedImageRetentionDays: UNSUPPORTED });
  });
});

describe('SelfHostedRegistry warns about retention exactly when its window does not enforce it', () => {
  const build = (props: Partial<SelfHostedRegistryProps>) => {
    const app = new App({ context: { '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true } });
    const stack = new Stack(app, 'self-hosted-dev', { env: { account: '111111111111', region: 'eu-west-1' } });
    const registry = new SelfHostedRegistry(stack, 'Registry', {
      environment: environment('dev'),
      hostedZone: HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0000000TEST', zoneName: 'example.com' }),
      authentication: RegistryAuthentication.htpasswd(['ci']),
      ...props,
    });
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('cannot enforce'))
      .map((w) => String(w.entry.data)).filter((text) => /^(maxImageCount|untaggedImageRetentionDays):/.test(text));
    return { registry, template: Template.fromStack(stack), warnings };
  };

  test('the default weekly dry run only reports, and says so', () => {
    const { registry, warnings } = build({});
    expect(warnings.map((w) => w.split(':')[0])).toEqual(['untaggedImageRetentionDays', 'maxImageCount']);
    expect(warnings.every((w) => w.includes('garbageCollection.dryRun'))).toBe(true);
    expect(registry.garbageCollection?.enforcesRetention).toBe(true);
  });

  test('a real run enforces the profile\'s retention on the registry\'s own bucket and root', () => {
    const { registry, template, warnings } = build({ garbageCollection: { dryRun: false } });
    expect(warnings).toEqual([]);
    const [fn] = Object.values(template.findResources('AWS::Lambda::Function', { Properties: { Environment: { Variables: { DRY_RUN: 'false' } } } }));
    expect(fn.Properties.Environment.Variables).toEqual({
      BUCKET_NAME: { Ref: expect.stringMatching(/^RegistryStorageImages/) },
      ROOT_DIRECTORY: 'registry',
      MAX_IMAGE_COUNT: '50',
      UNTAGGED_RETENTION_DAYS: '7',
      DRY_RUN: 'false',
    });
    expect(registry.garbageCollection?.dryRun).toBe(false);
  });

  test('a mirror has no window, and warns', () => {
    const { registry, warnings } = build({ mirror: { remoteUrl: 'https://registry-1.docker.io' } });
    expect(registry.garbageCollection).toBeUndefined();
    expect(warnings.map((w) => w.split(':')[0])).toEqual(['untaggedImageRetentionDays', 'maxImageCount']);
    expect(warnings.every((w) => w.includes('pull-through mirror'))).toBe(true);
  });
});
