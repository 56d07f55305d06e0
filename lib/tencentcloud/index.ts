/*
 * Tencent Cloud constructs: the TCR registry (CDK for Terraform). Importing
 * this entry point loads cdktf, constructs and the few generated bindings
 * the registry uses (each from its own module), never aws-cdk-lib.
 */
export * from './certificate';
export * from './instance-type';
export { TCR_REGION_NAMES, TcrRegionArea, tcrRegionArea, isTcrRegion } from './regions';
export * from './tcr-registry';
export * from './tcr-registry-props';
// Shared with every CDK for Terraform backend: where stacks keep their Terraform state.
export * from '../terraform/state-backend';
