/*
 * Schema conformance of synthesized Terraform JSON, shared by the Azure and
 * Tencent Cloud backends' tests. The schemas are the fixtures in
 * test/fixtures/provider-schemas/ (see the README there).
 */
export * from './check';
export * from './findings';
export * from './schema';
export { satisfies, schemaVersion } from './versions';
