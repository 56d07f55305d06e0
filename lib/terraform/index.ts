/*
 * The layer every CDK for Terraform backend of this library shares (Azure,
 * Tencent Cloud): tags, removal, state backends, provider registration,
 * capability warnings and synthesis without the cdktf CLI. Backends import
 * from here; users get the public parts (`TerraformStateBackend`) from the
 * `./azure` and `./tencentcloud` entry points. Nothing here knows a cloud's
 * resources: cloud facts are data (`tag-rules.ts`) or hooks the backends
 * supply (`IDeletionProtection`, `ProviderRequirement`).
 */
export * from './app';
export * from './capability-warnings';
export * from './provider';
export * from './removal';
export * from './state-backend';
export * from './tag-rules';
export * from './tags';
