/*
 * Azure constructs (CDK for Terraform, azurerm). Every provider binding is
 * imported by resource path (`@cdktf/provider-azurerm/lib/<resource>`) so
 * that loading this entry point stays cheap; nothing here loads aws-cdk-lib.
 */
export * from './acr-registry';
export * from './acr-registry-props';
export type { AcrEncryptionKey } from './encryption';
export { AcrCacheUpstream } from './pull-through-cache';
export type { AcrUpstreamCredentials } from './pull-through-cache';
export type { IAcrRegistry } from './registry-base';
export { AzurePrincipalType } from './roles';
export { AcrSku } from './sku';
export type { AcrTokenProps } from './tokens';
// Shared with every CDK for Terraform backend: where stacks keep their Terraform state.
export * from '../terraform/state-backend';
