import { invalid } from '../core/errors';
import { RegistrySize } from '../core/profiles';

/** An ACR service tier. */
export enum AcrSku {
  /** Entry tier: 10 GiB included; no replication, private link, customer-managed keys or artifact cache. */
  BASIC = 'Basic',
  /** 100 GiB included; artifact cache and anonymous pull. */
  STANDARD = 'Standard',
  /** 500 GiB included; geo-replication, private link, customer-managed keys, retention policy, export policy. */
  PREMIUM = 'Premium',
}

/** The tier of each size class of the profile. */
export const SKU_OF_SIZE: Record<RegistrySize, AcrSku> = {
  [RegistrySize.SMALL]: AcrSku.BASIC,
  [RegistrySize.MEDIUM]: AcrSku.STANDARD,
  [RegistrySize.LARGE]: AcrSku.PREMIUM,
};

/*
 * "Included storage (GiB)" of each tier in the SKU features and limits
 * table (learn.microsoft.com/azure/container-registry/container-registry-skus,
 * include container-registry-limits.md of 2026-02-10): storage in the daily
 * rate; more costs extra per GiB.
 */
export const INCLUDED_STORAGE_GIB: Record<AcrSku, number> = {
  [AcrSku.BASIC]: 10,
  [AcrSku.STANDARD]: 100,
  [AcrSku.PREMIUM]: 500,
};

/**
 * Refuses a feature the tier does not have, naming the setting that asked
 * for it. What needs Premium is what azurerm's plan-time check refuses
 * (CustomizeDiff of internal/services/containers/container_registry_resource.go:
 * geo-replication, quarantine, retention, trust and export policies,
 * encryption, zone redundancy, data endpoints; network rules and disabled
 * public access at create) and what the SKU table marks N/A below Premium
 * (private endpoints, dedicated agent pools).
 *
 * @param sku the registry's tier
 * @param needed the lowest tier that has the feature
 * @param property the setting that asked for it
 * @param value its value
 * @param feature the feature, as the error names it
 */
export function requireSku(sku: AcrSku, needed: AcrSku, property: string, value: unknown, feature: string): void {
  const order = [AcrSku.BASIC, AcrSku.STANDARD, AcrSku.PREMIUM];
  if (order.indexOf(sku) < order.indexOf(needed)) {
    const tiers = needed === AcrSku.PREMIUM ? 'the Premium SKU' : 'the Standard or Premium SKU';
    throw invalid(property, value, `a setting the ${sku} SKU supports (${feature} needs ${tiers})`);
  }
}
