import { Construct } from 'constructs';
import { RegistryEnvironment } from '../core/environment';
import { ImageTagMutability } from '../core/profiles';
import { TENCENTCLOUD_TAG_RULES } from '../terraform/tag-rules';
import { tagsFor } from '../terraform/tags';
import { TcrImmutableTagRule } from './bindings/tcr-immutable-tag-rule';
import { TcrTagRetentionRule } from './bindings/tcr-tag-retention-rule';
import { IMMUTABLE_RULE, RETENTION_KEEP_LATEST_PUSHED, RETENTION_SCHEDULE } from './defaults';

/*
 * The profile's image rules in one namespace. TCR allows one tag retention
 * rule and one immutable-tag rule per namespace ("单个命名空间内暂只能创建一条规则",
 * "单个命名空间内仅支持创建一条规则": TCR's guides "自动删除镜像版本" and
 * "镜像版本不可变"), so each namespace gets at most one of each.
 */

/**
 * Keeps the newest `maxImageCount` pushed versions and deletes older ones,
 * every day (tencentcloud_tcr_tag_retention_rule with the basic
 * `retention_rule`; no advanced items, which would take precedence over it).
 * TCR's retention counts tags; it has no rule for untagged images, whose
 * age limit (`untaggedImageRetentionDays`) the capability table reports as
 * not enforced.
 */
export function addRetention(scope: Construct, id: string, registryId: string, namespaceName: string, environment: RegistryEnvironment): TcrTagRetentionRule {
  return new TcrTagRetentionRule(scope, id, {
    registryId,
    namespaceName,
    cronSetting: RETENTION_SCHEDULE,
    retentionRule: { key: RETENTION_KEEP_LATEST_PUSHED, value: environment.settings.maxImageCount },
    disabled: false,
  });
}

/**
 * Makes every tag of every repository of the namespace immutable, except
 * those matching the profile's exclusions, when the profile asks for
 * immutable tags; nothing otherwise. The exclusions are `*` patterns on tag
 * names, which TCR's patterns read the same way (`*` matches anything but
 * `/`, which tags cannot contain); several become one `{a,b}` alternative.
 */
export function addImmutability(scope: Construct, id: string, registryId: string, namespaceName: string,
  environment: RegistryEnvironment): TcrImmutableTagRule | undefined {
  const { imageTagMutability, immutableTagExclusions } = environment.settings;
  if (imageTagMutability !== ImageTagMutability.IMMUTABLE) {
    return undefined;
  }
  const excluded = immutableTagExclusions.length > 0;
  return new TcrImmutableTagRule(scope, id, {
    registryId,
    namespaceName,
    rule: {
      repositoryDecoration: IMMUTABLE_RULE.repositoryDecoration,
      repositoryPattern: IMMUTABLE_RULE.repositoryPattern,
      tagDecoration: excluded ? IMMUTABLE_RULE.tagsExcluded : IMMUTABLE_RULE.tagsMatch,
      tagPattern: excluded ? alternatives(immutableTagExclusions) : IMMUTABLE_RULE.allTags,
      disabled: false,
    },
    tags: tagsFor(environment, TENCENTCLOUD_TAG_RULES, TcrImmutableTagRule.tfResourceType),
  });
}

function alternatives(patterns: string[]): string {
  return patterns.length === 1 ? patterns[0] : `{${patterns.join(',')}}`;
}
