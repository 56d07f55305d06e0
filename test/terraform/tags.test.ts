import { RegistryValidationError } from '../../lib';
import { AZURE_TAG_RULES, TENCENTCLOUD_TAG_RULES } from '../../lib/terraform/tag-rules';
import { checkTags, TagRules, tagsFor } from '../../lib/terraform/tags';
import { AcrRegistry } from '../../lib/azure';
import { TcrRegistry } from '../../lib/tencentcloud';
import { environment } from '../support/environment';

function error(run: () => unknown): RegistryValidationError {
  try {
    run();
  } catch (e) {
    if (e instanceof RegistryValidationError) {
      return e;
    }
    throw e;
  }
  throw new Error('expected a RegistryValidationError');
}

const many = (count: number) => Object.fromEntries([...Array(count).keys()].map((i) => [`k${String(i).padStart(2, '0')}`, 'v']));

describe('tagsFor', () => {
  test('gives the declaration\'s standard and user tags, sorted, for a resource type', () => {
    const prod = environment('prod', { tags: { 'cost-center': 'platform' } });
    const tags = tagsFor(prod, AZURE_TAG_RULES, 'azurerm_container_registry');
    expect(tags).toEqual({
      'cost-center': 'platform',
      'registry:environment': 'prod',
      'registry:hostname': 'prod-registry.example.com',
      'registry:profile': 'prod',
      'registry:service': 'registry',
    });
    expect(Object.keys(tags)).toEqual([...Object.keys(tags)].sort());
    expect(tagsFor(prod, TENCENTCLOUD_TAG_RULES, 'tencentcloud_tcr_instance')).toEqual(tags);
  });

  test('names the offending tag, the rule and its source', () => {
    const dev = environment('dev', { tags: { team: 'a'.repeat(256) } });
    expect(() => tagsFor(dev, TENCENTCLOUD_TAG_RULES, 'tencentcloud_tcr_instance')).toThrow(
      /^tags\.team: expected a value of 1-255 characters on Tencent Cloud tencentcloud_tcr_instance \(https:\/\/www\.tencentcloud\.com\/document\/product\/651\/13354.*\), got "a{256}"$/);
  });
});

describe('the registries\' tags for resources of yours', () => {
  test('are the tags of the registry\'s own resources, under each cloud\'s rules', () => {
    const prod = environment('prod', { tags: { 'cost-center': 'platform' } });
    expect(AcrRegistry.tagsFor(prod, 'azurerm_user_assigned_identity')).toEqual(tagsFor(prod, AZURE_TAG_RULES, 'azurerm_user_assigned_identity'));
    expect(TcrRegistry.tagsFor(prod, 'tencentcloud_vpc')).toEqual(tagsFor(prod, TENCENTCLOUD_TAG_RULES, 'tencentcloud_vpc'));
    expect(AcrRegistry.tagsFor(prod, 'azurerm_user_assigned_identity')['registry:hostname']).toBe('prod-registry.example.com');
  });

  test('refuse a tag the cloud refuses', () => {
    const dev = environment('dev', { tags: { team: 'a'.repeat(256) } });
    expect(error(() => TcrRegistry.tagsFor(dev, 'tencentcloud_vpc')).property).toBe('tags.team');
  });
});

describe('Azure tag rules', () => {
  const check = (tags: Record<string, string>, type = 'azurerm_container_registry') => checkTags('tags', tags, AZURE_TAG_RULES, type);

  test('accept what Azure accepts: long keys, any value characters', () => {
    expect(check({ ['k'.repeat(512)]: 'v'.repeat(256), 'a:b': '<&%>', empty: '' })).toBeDefined();
  });

  test.each(['<', '>', '%', '&', '\\', '?', '/'])('refuse "%s" in keys', (c) => {
    const e = error(() => check({ [`a${c}b`]: 'v' }));
    expect(e.property).toBe('tags key');
    expect(e.message).toContain('a key without any of the characters <>%&\\?/ on Azure azurerm_container_registry');
  });

  test('refuse keys over 512 and values over 256 characters, and more than 50 tags', () => {
    expect(error(() => check({ ['k'.repeat(513)]: 'v' })).message).toContain('a key of 1-512 characters');
    expect(error(() => check({ k: 'v'.repeat(257) })).message).toMatch(/^tags\.k: expected a value of 0-256 characters/);
    expect(error(() => check(many(51))).message).toMatch(/^tags: expected at most 50 tags on Azure azurerm_container_registry .*, got "51 tags"$/);
    expect(check(many(50))).toBeDefined();
  });

  test('refuse two keys that differ only in case (Azure compares keys without case)', () => {
    expect(error(() => check({ Team: 'a', team: 'b' })).message).toMatch(/^tags key: expected a key that differs from "Team" by more than case/);
  });

  test('narrower rules for some resource types add to the base rules', () => {
    expect(error(() => check({ ['k'.repeat(129)]: 'v' }, 'azurerm_storage_account')).message)
      .toContain('a key of 1-128 characters on Azure azurerm_storage_account (https://learn.microsoft.com/azure/azure-resource-manager/management/tag-resources#limitations, '
        + 'azurerm internal/services/storage/validate/storage_account_tags.go)');
    expect(error(() => check(many(16), 'azurerm_private_dns_zone')).message).toContain('at most 15 tags');
    expect(error(() => check(many(16), 'azurerm_key_vault_secret')).message).toContain('at most 15 tags');
    expect(check(many(16), 'azurerm_key_vault')).toBeDefined();
    expect(error(() => check({ 'registry:environment': 'dev' }, 'azurerm_cdn_frontdoor_profile')).message)
      .toContain('a key without any of the characters <>%&\\?/#:');
    expect(error(() => check({ '1st': 'v' }, 'azurerm_dns_zone')).message).toContain('a key that does not start with a digit');
    expect(error(() => check({ 'a-b': 'v' }, 'azurerm_dns_a_record')).message).toContain('a key of ASCII letters and digits');
    expect(error(() => check({ ab: 'a b' }, 'azurerm_traffic_manager_profile')).message).toContain('a value of characters other than spaces');
  });

  test('the standard registry:* keys fit every resource type but Front Door and public DNS, which refuse ":"', () => {
    const dev = environment('dev');
    for (const type of ['azurerm_container_registry', 'azurerm_private_dns_zone', 'azurerm_storage_account', 'azurerm_key_vault_secret']) {
      expect(() => tagsFor(dev, AZURE_TAG_RULES, type)).not.toThrow();
    }
    expect(() => tagsFor(dev, AZURE_TAG_RULES, 'azurerm_cdn_frontdoor_profile')).toThrow(RegistryValidationError);
    expect(() => tagsFor(dev, AZURE_TAG_RULES, 'azurerm_dns_zone')).toThrow(RegistryValidationError);
  });
});

describe('Tencent Cloud tag rules', () => {
  const check = (tags: Record<string, string>) => checkTags('tags', tags, TENCENTCLOUD_TAG_RULES, 'tencentcloud_tcr_instance');

  test('accept letters (Chinese too), digits, spaces inside and the listed punctuation', () => {
    expect(check({ 'cost center': 'platform (eu)', '负责人': '镜像仓库', 'a+-=._:/@()[],;><【】': 'v' })).toBeDefined();
  });

  test('refuse empty values, values over 255 and keys over 127 characters, more than 50 tags', () => {
    expect(error(() => check({ k: '' })).message).toMatch(/^tags\.k: expected a value of 1-255 characters/);
    expect(error(() => check({ k: 'v'.repeat(256) })).message).toContain('a value of 1-255 characters');
    expect(error(() => check({ ['k'.repeat(128)]: 'v' })).message).toContain('a key of 1-127 characters');
    expect(error(() => check(many(51))).message).toContain('at most 50 tags');
  });

  test.each(['qcs:owner', 'project:x', 'Project', 'qcloud-team', 'tencent_app', '项目编号'])('refuse the reserved prefix of "%s"', (key) => {
    expect(error(() => check({ [key]: 'v' })).message).toContain('a key that does not start with the reserved prefix');
  });

  test('refuse characters outside the list, and leading or trailing spaces', () => {
    expect(error(() => check({ 'a#b': 'v' })).message).toContain('a key of letters, digits, spaces and +-=._:/@()[],;><【】');
    expect(error(() => check({ k: 'a*b' })).message).toContain('a value of letters, digits, spaces');
    expect(error(() => check({ ' k': 'v' })).message).toContain('a key without leading or trailing spaces');
    expect(error(() => check({ k: 'v ' })).message).toContain('a value without leading or trailing spaces');
  });

  test('keys are case-sensitive', () => {
    expect(check({ Team: 'a', team: 'b' })).toEqual({ Team: 'a', team: 'b' });
  });
});

describe('the tag mechanism is the same for every cloud', () => {
  test('rules of a made-up cloud, with a resource type narrowing by prefix', () => {
    const rules: TagRules = {
      cloud: 'Example', source: 'https://example.com/tags', maxTags: 3, maxKeyLength: 5, maxValueLength: 5,
      resourceTypeRules: [{ resourceTypes: ['example_small_*'], maxTags: 1, reservedKeyPrefixes: ['x'], source: 'https://example.com/small' }],
    };
    expect(checkTags('labels', { b: '1', a: '2' }, rules, 'example_thing')).toEqual({ a: '2', b: '1' });
    expect(error(() => checkTags('labels', { a: '1', b: '2' }, rules, 'example_small_thing')).message)
      .toBe('labels: expected at most 1 tags on Example example_small_thing (https://example.com/tags, https://example.com/small), got "2 tags"');
    expect(error(() => checkTags('labels', { xa: '1' }, rules, 'example_small_thing')).property).toBe('labels key');
    expect(checkTags('labels', { xa: '1' }, rules, 'example_big_thing')).toEqual({ xa: '1' });
  });
});
