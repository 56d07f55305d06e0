import { Construct } from 'constructs';
import { RegistryEnvironment } from '../core/environment';
import { invalid } from '../core/errors';
import { assertBoolean, assertOneOf, assertUnique } from '../core/validate';
import { applyRemovalMode } from '../terraform/removal';
import { TENCENTCLOUD_TAG_RULES } from '../terraform/tag-rules';
import { tagsFor } from '../terraform/tags';
import { TcrNamespace } from './bindings/tcr-namespace';
import { assertObject, assertUniqueField, listOf } from './checks';
import { DEFAULT_BLOCK_VULNERABLE_IMAGES, DEFAULT_VULNERABILITY_SEVERITY } from './defaults';
import { addImmutability, addRetention } from './image-rules';
import { assertNamespaceName } from './names';
import { TcrNamespaceProps, TcrRegistryProps, TcrVulnerabilitySeverity } from './tcr-registry-props';
import { addWebhook, webhookSpecs } from './webhooks';

/** What every namespace does with vulnerabilities. */
export interface ScanningSpec {
  /** Whether pulls of vulnerable images are blocked. */
  readonly block: boolean;
  /** The level blocked, when blocking. */
  readonly severity?: TcrVulnerabilitySeverity;
  /** CVE ids the blocking ignores. */
  readonly allowlist: string[];
}

/** CVE's id syntax: CVE-YYYY-NNNN, four or more digits at the end (https://www.cve.org/ResourcesSupport/FAQs#pc_cve_recordsid_format). */
const CVE_ID = /^CVE-\d{4}-\d{4,}$/;

/** Checks the namespaces (at least one, unique names) and their webhooks. */
export function namespaceSpecs(namespaces: TcrNamespaceProps[]): TcrNamespaceProps[] {
  const list = listOf('namespaces', namespaces, 'namespaces ({ name })');
  if (list.length === 0) {
    throw invalid('namespaces', namespaces, 'at least one namespace ({ name }): images live in namespaces');
  }
  list.forEach((namespace, index) => {
    assertObject(`namespaces[${index}]`, namespace, 'a namespace ({ name })');
    assertNamespaceName(`namespaces[${index}].name`, namespace.name);
    webhookSpecs(`namespaces[${index}].webhooks`, namespace.webhooks);
  });
  assertUniqueField('namespaces', list, 'name');
  return list;
}

/** Checks the scanning props: a severity or allow-list needs blocking. */
export function scanningSpec(props: TcrRegistryProps): ScanningSpec {
  const block = props.blockVulnerableImages ?? DEFAULT_BLOCK_VULNERABLE_IMAGES;
  assertBoolean('blockVulnerableImages', block);
  const allowlist = listOf('cveAllowlist', props.cveAllowlist, 'CVE ids');
  if (!block) {
    for (const property of ['vulnerabilitySeverity', 'cveAllowlist'] as const) {
      if (props[property] !== undefined) {
        throw invalid(property, props[property], 'nothing, because blockVulnerableImages is false and only blocking uses it');
      }
    }
    return { block, allowlist: [] };
  }
  const severity = props.vulnerabilitySeverity ?? DEFAULT_VULNERABILITY_SEVERITY;
  assertOneOf('vulnerabilitySeverity', severity, Object.values(TcrVulnerabilitySeverity));
  allowlist.forEach((cve, index) => {
    if (typeof cve !== 'string' || !CVE_ID.test(cve)) {
      throw invalid(`cveAllowlist[${index}]`, cve, 'a CVE id such as CVE-2024-3094');
    }
  });
  assertUnique('cveAllowlist', allowlist);
  return { block, severity, allowlist };
}

/**
 * A private namespace that scans every pushed image
 * (tencentcloud_tcr_namespace: `is_auto_scan`, "automatic"; `is_prevent_vul`,
 * the "blocking switch"; `severity`; `cve_whitelist_items`), with the
 * profile's tag retention and immutability and the namespace's webhooks.
 * A namespace holds images, so it takes the profile's removal mode.
 */
export function addNamespace(scope: Construct, registryId: string, namespace: TcrNamespaceProps, scanning: ScanningSpec,
  environment: RegistryEnvironment): TcrNamespace {
  const resource = new TcrNamespace(scope, `Namespace-${namespace.name}`, {
    instanceId: registryId,
    name: namespace.name,
    isPublic: false,
    isAutoScan: true,
    isPreventVul: scanning.block,
    severity: scanning.severity,
    cveWhitelistItems: scanning.allowlist.length > 0 ? scanning.allowlist.map((cveId) => ({ cveId })) : undefined,
    tags: tagsFor(environment, TENCENTCLOUD_TAG_RULES, TcrNamespace.tfResourceType),
  });
  applyRemovalMode(resource, environment.settings.removalMode);
  // The namespace's name read from the resource, so that its rules wait for it.
  const name = resource.name;
  addRetention(scope, `Retention-${namespace.name}`, registryId, name, environment);
  addImmutability(scope, `ImmutableTags-${namespace.name}`, registryId, name, environment);
  for (const webhook of namespace.webhooks ?? []) {
    addWebhook(scope, `Webhook-${namespace.name}-${webhook.name}`, registryId, name, webhook, environment);
  }
  return resource;
}
