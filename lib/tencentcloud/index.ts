/*
 * Tencent Cloud constructs: the TCR registry (CDK for Terraform). Importing
 * this entry point loads cdktf, constructs and the few generated bindings
 * the registry uses (each from its own module), never aws-cdk-lib.
 *
 * Every export is named, so that a module's helpers stay out of the public
 * API; test/package/public-api.test.ts pins the list. The generated
 * bindings (./bindings) are not part of it: TcrRegistry exposes its
 * instance as cdktf's TerraformResource.
 */
export { TcrCertificate } from './certificate';
export type { TcrCertificateConfig, TcrPemCertificateProps } from './certificate';
export { TcrInstanceType } from './instance-type';
// The names TCR accepts, documented in the README ("Regions").
export { TCR_REGION_NAMES } from './regions';
export { TcrRegistry } from './tcr-registry';
export { TcrVulnerabilitySeverity } from './tcr-registry-props';
export type {
  TcrCustomDomainProps, TcrNamespaceProps, TcrRegistryProps, TcrServiceAccountProps, TcrVpcAccessProps, TcrWebhookProps,
} from './tcr-registry-props';
// Shared with every CDK for Terraform backend: where stacks keep their Terraform state.
export { TerraformStateBackend } from '../terraform/state-backend';
export type { AzurermStateProps, CosStateProps, LocalStateProps } from '../terraform/state-backend';
