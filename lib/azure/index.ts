/*
 * Azure constructs (CDK for Terraform, azurerm). Every provider binding is
 * imported by resource path (`@cdktf/provider-azurerm/lib/<resource>`) so
 * that loading this entry point stays cheap; nothing here loads aws-cdk-lib.
 *
 * Every export is named, so that a module's helpers stay out of the public
 * API; test/package/public-api.test.ts pins the list.
 */
export { AcrRegistry } from './acr-registry';
export type { AcrRegistryAttributes, AcrRegistryProps } from './acr-registry-props';
export { AcrEncryption } from './encryption';
export type { AcrEncryptionKey, AcrEncryptionProps } from './encryption';
export { AcrMonitoring } from './monitoring';
export type { AcrMonitoringProps } from './monitoring';
export { AcrPrivateNetwork } from './private-network';
export type { AcrPrivateNetworkProps } from './private-network';
export { AcrRetention } from './retention';
export type { AcrRetentionProps } from './retention';
export { AcrCacheUpstream } from './pull-through-cache';
export type { AcrUpstreamCredentials } from './pull-through-cache';
export { AcrRegistryBase } from './registry-base';
export type { IAcrRegistry } from './registry-base';
export { AzurePrincipalType } from './roles';
export { AcrSku } from './sku';
export type { AcrTokenProps } from './tokens';
// Shared with every CDK for Terraform backend: where stacks keep their Terraform state.
export { TerraformStateBackend } from '../terraform/state-backend';
export type { AzurermStateProps, CosStateProps, LocalStateProps } from '../terraform/state-backend';
