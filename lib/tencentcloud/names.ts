import { MAX_LABEL_LENGTH } from '../core/dns';
import { RegistryEnvironment } from '../core/environment';
import { invalid } from '../core/errors';
import { GLOBAL_NAME_SUFFIX_LENGTH, globalNameSuffix } from '../core/global-names';
import { isUnresolved } from '../core/tokens';

/*
 * Names TCR gives meaning to. The instance name is global: it is the first
 * label of the instance's domain `<name>.tencentcloudcr.com` ("该名称全局唯一
 * ... 将直接用于该实例 Registry 服务的访问域名，创建后不可修改", TCR's guide
 * "创建企业版实例"), and `name` forces a new instance
 * (tencentcloud_tcr_instance). TCR publishes no other rule for it (its
 * CheckInstanceName API answers at apply), so this library holds it to a
 * DNS label.
 */

/** An RFC 1035 label: lower case letters, digits and hyphens, starting with a letter. */
const DNS_LABEL = /^[a-z](?:[a-z0-9-]*[a-z0-9])?$/;

/**
 * The derived instance name: `<env>-<service>-<suffix>`, the suffix six hex
 * characters of SHA-256 of the declaration's host name (stable, and unlike
 * another domain's), e.g. `prod-registry-3f9a1c`. The `<env>-<service>`
 * part is cut so that the name fits one DNS label.
 */
export function derivedInstanceName(environment: RegistryEnvironment): string {
  const stem = environment.resourcePrefix.slice(0, MAX_LABEL_LENGTH - GLOBAL_NAME_SUFFIX_LENGTH - 1).replace(/-+$/, '');
  return `${stem}-${globalNameSuffix(environment)}`;
}

/** Checks an instance name the user gave. */
export function assertInstanceName(property: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || isUnresolved(value) || value.length > MAX_LABEL_LENGTH || !DNS_LABEL.test(value)) {
    throw invalid(property, value, `a DNS label of 1-${MAX_LABEL_LENGTH} lower case letters, digits and hyphens that starts with a letter `
      + 'and does not end with a hyphen, known at synthesis (the name is global: <name>.tencentcloudcr.com)');
  }
}

/**
 * A namespace name: "Valid length is [2~30]. It can only contain lowercase
 * letters, numbers and separators (`.`, `_`, `-`), and cannot start, end or
 * continue with separators" (tencentcloud_tcr_namespace.name; the same rule
 * in TCR's CreateNamespace API).
 */
const NAMESPACE_NAME = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

/** Checks a namespace name. */
export function assertNamespaceName(property: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || value.length < 2 || value.length > 30 || !NAMESPACE_NAME.test(value)) {
    throw invalid(property, value, '2-30 lower case letters, digits and separators (".", "_", "-"), '
      + 'not starting or ending with a separator and without two separators in a row');
  }
}

/**
 * A trigger name: "支持小写字母、数字及（-、.、_）三种符号，且需以字母数字开头"
 * (TCR's guide "触发器(Webhook)"). TCR documents no rule for service
 * account names; this library holds them to the same one.
 */
const RULE_NAME = /^[a-z0-9][a-z0-9._-]*$/;

/** Checks a webhook trigger or service account name. */
export function assertRuleName(property: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || !RULE_NAME.test(value)) {
    throw invalid(property, value, 'lower case letters, digits, ".", "_" and "-", starting with a letter or digit');
  }
}
