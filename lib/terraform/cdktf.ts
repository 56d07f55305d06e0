/*
 * The one module of this library that imports CDK for Terraform.
 *
 * CDK for Terraform is archived (cdktf 0.21.0, deprecated 2025-12-10). Its
 * community fork CDK Terrain publishes the same API as `cdktn` and keeps
 * `cdktf.json`, `cdktf.out/` and the `CDKTF_*` environment variables
 * (open-constructs/cdk-terrain, specs/001-cdktn-package-rename). Every other
 * file imports cdktf through this one, so moving to the fork is a change of
 * this line and of package.json; `test/package/cdktf-imports.test.ts` keeps
 * it that way.
 */
export * from 'cdktf';
