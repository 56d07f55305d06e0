// Azure constructs (ACR) arrive with their own issue; this entry point exists so the subpath export is stable.
// Shared with every CDK for Terraform backend: where stacks keep their Terraform state.
export * from '../terraform/state-backend';
